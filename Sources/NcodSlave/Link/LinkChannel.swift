import AsyncHTTPClient
import NIOCore
import NcodCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The daemon's side of its long-lived link to the master (`POST /api/v1/slaves/{id}/link`): heartbeats and unchanged reports go
/// up the open request as lines, the master's receipts (every few seconds, and whenever the lease epoch rose), lease pushes and
/// requests for a full report come down its answer.
/// Opened by ``MasterLink/openChannel(slaveID:onReportWanted:)``.
///
/// A heartbeat is not waited for: the master answers only now and then, so a beat costs both ends one line. When the connection
/// ends (the master stopped, the network failed, nothing came for ``silenceLimit``, a beat was refused) the link is
/// ended, and the next beat throws why: the agent then opens a new link.
public final class LinkChannel: Sendable {
    private struct State {
        var epoch: Int?
        var ended: MasterLinkError?
        /// When the master last sent anything (its receipts come at least every 5 s).
        var lastHeard = ContinuousClock.now
    }

    /// A link on which the master said nothing for this long is taken for dead (the HTTP client's read timeout does not run
    /// while the request's body is still being sent).
    public static let silenceLimit: Duration = .seconds(20)

    private let lines: AsyncStream<ByteBuffer>.Continuation
    private let state = Mutex(State())
    private let reader = Mutex<Task<Void, Never>?>(nil)

    init(lines: AsyncStream<ByteBuffer>.Continuation) { self.lines = lines }

    /// Sends `heartbeat` and returns the slave's lease epoch as the master last said it (`nil` before its first receipt); throws
    /// the link's end (a ``MasterLinkError``) instead.
    @discardableResult
    public func beat(_ heartbeat: SlaveHeartbeat) throws -> Int? {
        try send(ByteBuffer(bytes: HeartbeatLine.encode(heartbeat)))
    }

    /// Sends one line; the lease epoch as the master last said it, or the link's end thrown.
    private func send(_ line: ByteBuffer) throws -> Int? {
        let silent = state.withLock { ContinuousClock.now - $0.lastHeard > Self.silenceLimit }
        if silent { end(.unavailable("the master said nothing on the link for \(Self.silenceLimit)")) }
        if let ended = state.withLock({ $0.ended }) { throw ended }
        if case .terminated = lines.yield(line) {
            end(.unavailable("the link is closed"))
            throw state.withLock { $0.ended } ?? MasterLinkError.unavailable("the link is closed")
        }
        return state.withLock { $0.epoch }
    }

    /// Sends `report` (the devices are those of the full report whose receipt named its digest) and returns the lease epoch as
    /// the master last said it; throws the link's end instead. The master answers only when it does not take it, with a `report`
    /// frame (``read(_:onReportWanted:)`` calls its handler).
    @discardableResult
    public func report(_ report: UnchangedReport) throws -> Int? {
        var line = ByteBuffer(bytes: try NcodJSON.encoder().encode(report))
        line.writeInteger(UInt8(ascii: "\n"))
        return try send(line)
    }

    /// The slave's lease epoch as the master last said it, `nil` before its first receipt.
    public var leaseEpoch: Int? { state.withLock { $0.epoch } }

    /// Whether the link has ended (the agent opens a new one).
    public var isEnded: Bool { state.withLock { $0.ended != nil } }

    /// Why the link ended, `nil` while it is open.
    public var endReason: MasterLinkError? { state.withLock { $0.ended } }

    /// Ends the link: the request's body ends, which ends the master's answer.
    public func close() {
        end(.unavailable("the link was closed"))
        reader.withLock { $0?.cancel() }
    }

    /// Reads the master's frames from `body` until it ends; `onReportWanted` hears each lease push, each request for a full report,
    /// and each receipt whose epoch rose: the slave should send a full report now.
    func read(_ body: HTTPClientResponse.Body, onReportWanted: @escaping @Sendable () -> Void) {
        let task = Task { [self] in
            var splitter = LineSplitter(maxLength: 1 << 16)
            let decoder = NcodJSON.decoder()
            do {
                for try await chunk in body {
                    state.withLock { $0.lastHeard = ContinuousClock.now }
                    for line in chunk.withUnsafeReadableBytes({ splitter.feed($0) }) {
                        guard let frame = try? decoder.decode(SlaveLinkFrame.self, from: Data(line)) else {
                            end(.unavailable("the master sent a line of the link this daemon cannot read"))
                            return
                        }
                        switch frame.kind {
                        case .beat:
                            guard let epoch = frame.leaseEpoch else { continue }
                            let rose = state.withLock { state -> Bool in
                                defer { state.epoch = max(state.epoch ?? epoch, epoch) }
                                return state.epoch.map { epoch > $0 } ?? false
                            }
                            if rose { onReportWanted() }
                        case .leases, .report:
                            onReportWanted()
                        case .problem:
                            let problem = frame.problem ?? Problem(status: 409, code: "link_refused", title: "Conflict")
                            end(MasterLink.error(for: problem))
                            return
                        }
                    }
                }
                end(.unavailable("the master ended the link"))
            } catch {
                end(.unavailable("the link broke: \(MasterLink.describe(error))"))
            }
        }
        reader.withLock { $0 = task }
    }

    private func end(_ error: MasterLinkError) {
        state.withLock { if $0.ended == nil { $0.ended = error } }
        lines.finish()
    }
}
