import Foundation
import NcodCore
import NcodStore

/// Watches every open event stream of this master: every ``recheckSeconds`` it checks all of their callers' rights at once
/// (one read of the accounts, one of the logins, one of the computers, whatever the number of streams) and tells each stream
/// whose right ended to close, with the reason; every ``keepAliveSeconds`` it tells each stream to send a keep-alive comment.
/// One loop for all streams, instead of each stream polling the database and sleeping on its own; it runs while a stream is
/// open.
actor EventStreamGuard {
    /// What a stream is told to do.
    enum Signal: Sendable, Equatable {
        /// Send a keep-alive comment (proxies close quiet connections).
        case keepAlive
        /// Send `event: closed` with this reason and end.
        case close(String)
    }

    /// Seconds between checks of the callers' rights.
    static let recheckSeconds = 2
    /// Seconds between keep-alive comments.
    static let keepAliveSeconds = 14

    private var watched: [UUID: (principal: Principal, signal: @Sendable (Signal) -> Void)] = [:]
    private var running = false

    /// Starts watching a stream of `principal`'s, checking rights in `store`; `signal` is told what the stream must do until
    /// it ``unwatch(_:)``s (after `close`, nothing more).
    func watch(_ principal: Principal, store: Store, signal: @escaping @Sendable (Signal) -> Void) -> UUID {
        let id = UUID()
        watched[id] = (principal, signal)
        if !running {
            running = true
            Task { await self.run(store: store) }
        }
        return id
    }

    /// Stops watching the stream `id` (it ended).
    func unwatch(_ id: UUID) {
        watched.removeValue(forKey: id)
    }

    /// How many streams are watched.
    var count: Int { watched.count }

    private func run(store: Store) async {
        var sinceKeepAlive = 0
        while !watched.isEmpty {
            try? await Task.sleep(for: .seconds(Self.recheckSeconds))
            sinceKeepAlive += Self.recheckSeconds
            let closing = await Self.closings(watched.mapValues(\.principal), now: Date(), store: store)
            for (id, reason) in closing {
                watched.removeValue(forKey: id)?.signal(.close(reason))
            }
            if sinceKeepAlive >= Self.keepAliveSeconds {
                sinceKeepAlive = 0
                for entry in watched.values { entry.signal(.keepAlive) }
            }
        }
        running = false
    }

    /// Why each of `principals`' streams must end now (`token_expired`, `role_changed`, or the refusal's code:
    /// `account_disabled`, `login_ended`, `machine_not_bound`…); the streams that may go on are not in the answer. The rules
    /// are ``Authentication/verdict(userID:client:bindingID:login:expiresAt:user:loginLive:binding:)``'s, on three reads for
    /// all. A database that cannot be asked ends nothing.
    static func closings(_ principals: [UUID: Principal], now: Date, store: Store) async -> [UUID: String] {
        var reasons: [UUID: String] = [:]
        var current: [UUID: Principal] = [:]
        for (id, principal) in principals {
            if now >= principal.expiresAt { reasons[id] = "token_expired" } else { current[id] = principal }
        }
        guard !current.isEmpty else { return reasons }
        let users: [UUID: User]
        let live: Set<UUID>
        let bindings: [UUID: MachineBinding]
        do {
            users = Dictionary(
                try await store.users.find(ids: Set(current.values.map(\.user.id))).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            live = try await store.refreshTokens.liveFamilies(Set(current.values.map(\.login)))
            let bindingIDs = Set(current.values.filter { $0.client == .terminal }.compactMap(\.bindingID))
            bindings = Dictionary(try await store.bindings.find(ids: bindingIDs).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            return reasons
        }
        for (id, principal) in current {
            do {
                let now = try Authentication.verdict(
                    userID: principal.user.id, client: principal.client, bindingID: principal.bindingID, login: principal.login,
                    expiresAt: principal.expiresAt, user: users[principal.user.id], loginLive: live.contains(principal.login),
                    binding: principal.bindingID.flatMap { bindings[$0] })
                if let refusal = AccessLevel.member.refusal(for: now) {
                    reasons[id] = refusal.code
                } else if now.user.role != principal.user.role {
                    reasons[id] = "role_changed"
                }
            } catch let problem as Problem {
                reasons[id] = problem.code
            } catch {
                continue
            }
        }
        return reasons
    }
}
