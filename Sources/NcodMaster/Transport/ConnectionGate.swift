import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Decides which TCP connections the master keeps, before TLS or HTTP see a byte: at most ``Limits/perAddress`` open connections
/// from one client address, at most ``Limits/total`` in all (kept below the process's open-file limit, so the database and the
/// sweep always find a descriptor), and a first request head within ``Limits/headerTimeout`` of connecting (a TLS handshake or a
/// header sent byte by byte cannot hold a connection longer). Vapor's idle timeout then closes a connection silent between requests.
///
/// A refused connection is closed at once; refusals are counted per address and reason, and ``drainRefusals()`` hands them to the
/// sweep, which writes one audit row per address instead of one per socket.
final class ConnectionGate: Sendable {
    /// What the gate allows.
    struct Limits: Sendable, Equatable {
        /// Open connections one client address may hold; 0 for no cap (a master behind a balancer that keeps its own).
        var perAddress: Int
        /// Open connections in all.
        var total: Int
        /// Seconds from connecting to a complete first request head.
        var headerTimeout: Int

        /// The cap on all connections for a process allowed `openFiles` descriptors: a quarter (at least 64, at most 1,024) stays
        /// for the database, the keys and the logs.
        static func total(forOpenFiles openFiles: Int) -> Int {
            max(16, openFiles - min(1024, max(64, openFiles / 4)))
        }

        /// The soft open-file limit of this process.
        static func openFileLimit() -> Int {
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
            return limit.rlim_cur > rlim_t(1 << 24) ? 1 << 24 : Int(limit.rlim_cur)
        }
    }

    /// Why a connection was refused.
    enum Refusal: String, Sendable, CaseIterable {
        /// Its address already held ``Limits/perAddress`` connections.
        case perAddress = "per_address"
        /// The master already held ``Limits/total``.
        case capacity
    }

    /// Refused connections from one address since the last drain.
    struct RefusalTally: Sendable, Equatable {
        /// The client address.
        var address: String
        /// How many of each reason.
        var counts: [Refusal: Int]
    }

    private struct State {
        var open: [String: Int] = [:]
        var total = 0
        var refused: [String: [Refusal: Int]] = [:]
        var awaitingHead: [String: Scheduled<Void>] = [:]
        /// The connections that passed, open now (their TLS is the gate's: one that is not here never passed it).
        var passed: Set<String> = []
    }

    /// The limits in force.
    let limits: Limits
    private let state = NIOLockedValueBox(State())
    private let onRefusal: @Sendable (Refusal, Bool) -> Void

    /// A gate with `limits`; `onRefusal` hears each refusal with whether it is the first from that address since the last drain.
    init(limits: Limits, onRefusal: @escaping @Sendable (Refusal, Bool) -> Void = { _, _ in }) {
        self.limits = limits
        self.onRefusal = onRefusal
    }

    /// Counts a new connection from `address` in, or says why not.
    func admit(_ address: String, balancer: Bool = false) -> Refusal? {
        let (refusal, first): (Refusal?, Bool) = state.withLockedValue { state in
            // A trusted balancer carries many people's connections: only the total cap holds for it.
            let full = !balancer && limits.perAddress > 0 && state.open[address, default: 0] >= limits.perAddress
            guard let refusal: Refusal = full ? .perAddress : state.total >= limits.total ? .capacity : nil else {
                state.open[address, default: 0] += 1
                state.total += 1
                return (nil, false)
            }
            let first = state.refused[address] == nil
            state.refused[address, default: [:]][refusal, default: 0] += 1
            return (refusal, first)
        }
        if let refusal { onRefusal(refusal, first) }
        return refusal
    }

    /// Counts a connection from `address` out once it has closed.
    func release(_ address: String, connection: String) {
        state.withLockedValue { state in
            state.awaitingHead.removeValue(forKey: connection)?.cancel()
            state.passed.remove(connection)
            state.total -= 1
            let left = state.open[address, default: 1] - 1
            state.open[address] = left > 0 ? left : nil
        }
    }

    /// Closes `channel` (known as `connection`, its remote address and port) unless its first request head arrives in time.
    func awaitHead(of channel: Channel, connection: String) {
        let deadline = channel.eventLoop.scheduleTask(in: .seconds(Int64(limits.headerTimeout))) {
            channel.close(mode: .all, promise: nil)
        }
        state.withLockedValue { state in
            state.awaitingHead[connection] = deadline
            state.passed.insert(connection)
        }
    }

    /// A request head arrived on `connection`: its deadline no longer applies. False when the connection never passed the gate
    /// (accepted before the gate stood on the listening socket: it has no TLS, and nothing may be answered on it).
    func headArrived(on connection: String) -> Bool {
        let (deadline, passed) = state.withLockedValue { ($0.awaitingHead.removeValue(forKey: connection), $0.passed.contains(connection)) }
        deadline?.cancel()
        return passed
    }

    /// Open connections now, in all and from `address`.
    func openConnections(from address: String? = nil) -> Int {
        state.withLockedValue { state in address.map { state.open[$0, default: 0] } ?? state.total }
    }

    /// The refusals since the last call, per address, and forgets them.
    func drainRefusals() -> [RefusalTally] {
        state.withLockedValue { state in
            defer { state.refused = [:] }
            return state.refused.map { RefusalTally(address: $0.key, counts: $0.value) }.sorted { $0.address < $1.address }
        }
    }

    /// The key a connection is known by in ``awaitHead(of:connection:)`` and ``headArrived(on:)``: its remote address and port.
    static func connectionKey(_ remote: SocketAddress?) -> String? {
        guard let remote, let ip = remote.ipAddress, let port = remote.port else { return nil }
        return "\(ip) \(port)"
    }
}
