import FluentKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NcodCore
import Vapor

/// One open slave link (``SlaveLinkController``), on its connection's event loop: cuts the request's body into lines, records
/// each heartbeat or unchanged report (in ``SlaveLinks``, for the next write) and answers it with a receipt when the slave has
/// heard nothing for ``receiptInterval`` or its lease epoch rose, writes the pushes it is given, and ends the answer with a
/// problem when a line is neither or the slave's beats are refused.
///
/// Frames produced before Vapor hands over the answer's writer are kept and written when it does.
final class SlaveLinkWire: Sendable {
    /// The longest line a slave may send (a heartbeat is about 120 bytes, an unchanged report about 600).
    static let maxLine = 16_384

    private struct State {
        var writer: (any BodyStreamWriter)?
        var backlog: [ByteBuffer] = []
        var splitter = LineSplitter(maxLength: SlaveLinkWire.maxLine)
        var ended = false
        var endWritten = false
        /// When the last receipt was written, and the epoch it carried.
        var lastWrite = ContinuousClock.now
        var lastEpoch: Int?
    }

    /// At most this long between two receipts on a link (well within the daemon's 15 s read timeout): beats in between are
    /// recorded without an answer, which halves what a beat costs both ends.
    static let receiptInterval: Duration = .seconds(5)

    /// Heartbeat intervals without a beat after which the master ends a link (a minute at the default 2 s): six times the silence
    /// that makes a slave offline, so that only a connection whose box is gone is ended, never one of a slow but living slave,
    /// whose new link would cost both ends a TLS handshake (ending them at twice the offline limit, a 10,000-slave load whose
    /// harness could not beat in time reopened links about 150 times a second).
    static let silentIntervals = 30

    let slave: Slave
    private let credentialHash: String
    private let eventLoop: any EventLoop
    private let links: SlaveLinks
    private let database: any Database
    private let context: MasterContext
    private let logger: Logger
    private let state = NIOLockedValueBox(State())
    /// The link's key in ``SlaveLinks``.
    private let key = UUID()
    private let decoder = JSONDecoder()

    /// A link of `slave`, whose credential hashes to `credentialHash`, answered on `eventLoop`; registered in `links` at once.
    init(
        slave: Slave, credentialHash: String, eventLoop: any EventLoop, links: SlaveLinks, database: any Database, context: MasterContext,
        logger: Logger
    ) {
        self.slave = slave
        self.credentialHash = credentialHash
        self.eventLoop = eventLoop
        self.links = links
        self.database = database
        self.context = context
        self.logger = logger
        let silenceLimit = Duration.seconds(Self.silentIntervals * context.heartbeatIntervalSeconds)
        links.open(key, slaveID: slave.id, epoch: slave.leaseEpoch, silenceLimit: silenceLimit) { [weak self, eventLoop] push in
            guard let wire = self else { return }
            eventLoop.execute { wire.deliver(push) }
        }
        context.metrics.slaveLinks(1)
        logger.debug("slave link opened", metadata: ["slave": "\(slave.name)"])
    }

    /// Writes a push (on the event loop): a lease change, or the refusal or silence that ends the link.
    private func deliver(_ push: SlaveLinks.Push) {
        switch push {
        case .leases:
            write(Self.frame(.leases))
        case .reportWanted:
            write(Self.frame(.report))
        case .refused(let problem):
            logger.info("slave link ended: its heartbeats were refused", metadata: ["slave": "\(slave.name)", "reason": "\(problem.code)"])
            end(with: problem)
        case .silent:
            logger.info("slave link ended: no heartbeat on it for a while", metadata: ["slave": "\(slave.name)"])
            end(with: nil)
        }
    }

    /// Takes the answer's writer (on the event loop): an empty line at once (the answer's head leaves with its first bytes, and the
    /// slave waits for the head), then what was kept.
    func attach(_ writer: any BodyStreamWriter) {
        let (backlog, end) = state.withLockedValue { state -> ([ByteBuffer], Bool) in
            state.writer = writer
            defer { state.backlog = [] }
            return (state.backlog, state.ended && !state.endWritten)
        }
        writer.write(.buffer(ByteBuffer(string: "\n")), promise: nil)
        for buffer in backlog { writer.write(.buffer(buffer), promise: nil) }
        if end { finishWriting() }
    }

    /// Takes a part of the request's body (on the event loop).
    func receive(_ part: BodyStreamResult) {
        switch part {
        case .buffer(let buffer):
            let (lines, overflowed) = state.withLockedValue { state in
                (buffer.withUnsafeReadableBytes { state.splitter.feed($0) }, state.splitter.overflowed)
            }
            for line in lines { answer(line) }
            if overflowed { end(with: Problem.invalidField("heartbeat", "a line of the link is longer than \(Self.maxLine) bytes")) }
        case .end, .error:
            end(with: nil)
        }
    }

    /// Answers one line: a heartbeat's or unchanged report's receipt, or the problem that ends the link.
    private func answer(_ line: [UInt8]) {
        guard !state.withLockedValue({ $0.ended }) else { return }
        let started = ContinuousClock.now
        // The daemon's heartbeats take the fast reading; unchanged reports and any other valid heartbeat the decoder's.
        let beat: (session: UUID, sequence: Int)
        var vouch: InventoryVouch?
        if let fast = HeartbeatLine.parse(line) {
            beat = fast
        } else if let read = try? decoder.decode(Line.self, from: Data(line)), read.isWellFormed {
            beat = (read.session, read.sequence)
            if let digest = read.inventoryDigest, let health = read.health {
                vouch = InventoryVouch(slaveID: slave.id, digest: digest, health: health)
            }
        } else {
            end(with: Problem.invalidField("heartbeat", "each line of the link must be one heartbeat or unchanged report as JSON"))
            return
        }
        let claim = SlaveClaim(slaveID: slave.id, credentialHash: credentialHash, session: beat.session, sequence: beat.sequence)
        let epoch = links.beat(claim, vouch: vouch, link: key, on: database, now: context.now, metrics: context.metrics, logger: logger)
        // A receipt when the slave has heard nothing for a while, or the epoch rose: the slave needs no more to know the link lives.
        let due = state.withLockedValue { state -> Bool in
            guard started - state.lastWrite >= Self.receiptInterval || epoch != state.lastEpoch else { return false }
            state.lastWrite = started
            state.lastEpoch = epoch
            return true
        }
        if due { write(Self.frame(.beat(beat.sequence, leaseEpoch: epoch))) }
        context.metrics.linkHeartbeats.increment()
    }

    /// Writes `buffer`, or keeps it until the writer comes.
    private func write(_ buffer: ByteBuffer) {
        let writer = state.withLockedValue { state -> (any BodyStreamWriter)? in
            guard !state.ended else { return nil }
            if state.writer == nil { state.backlog.append(buffer) }
            return state.writer
        }
        writer?.write(.buffer(buffer), promise: nil)
    }

    /// Ends the link (once): `problem`'s frame, then the end of the answer; the link leaves the registry.
    private func end(with problem: Problem?) {
        if let problem { write(Self.frame(.refused(problem))) }
        let first = state.withLockedValue { state -> Bool in
            defer { state.ended = true }
            return !state.ended
        }
        guard first else { return }
        links.close(key)
        context.metrics.slaveLinks(-1)
        logger.debug("slave link closed", metadata: ["slave": "\(slave.name)"])
        finishWriting()
    }

    /// Writes the answer's end, once, when the writer is there.
    private func finishWriting() {
        let writer = state.withLockedValue { state -> (any BodyStreamWriter)? in
            guard let writer = state.writer, !state.endWritten else { return nil }
            state.endWritten = true
            return writer
        }
        writer?.write(.end, promise: nil)
    }

    /// What the master reads of a ``SlaveHeartbeat`` or ``UnchangedReport`` line (its `sentAt` is not read: parsing a date is a
    /// good part of a beat's cost).
    private struct Line: Decodable {
        let session: UUID
        let sequence: Int
        let inventoryDigest: String?
        let health: HostHealth?

        /// A heartbeat (neither digest nor health), or an unchanged report (both, the digest of a sane length).
        var isWellFormed: Bool {
            switch (inventoryDigest, health) {
            case (nil, nil): true
            case (let digest?, _?): !digest.isEmpty && digest.utf8.count <= 64
            default: false
            }
        }
    }

    /// One frame as a line.
    static func frame(_ frame: SlaveLinkFrame) -> ByteBuffer {
        var buffer = ByteBuffer()
        if frame.kind == .beat, let sequence = frame.sequence, let epoch = frame.leaseEpoch {
            // The one frame of the steady state, written without an encoder (the keys in NcodJSON's sorted order).
            buffer.writeString("{\"kind\":\"beat\",\"leaseEpoch\":\(epoch),\"sequence\":\(sequence)}\n")
        } else {
            buffer.writeBytes((try? NcodJSON.encoder().encode(frame)) ?? Data("{\"kind\":\"problem\"}".utf8))
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        return buffer
    }
}
