#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The append-only record of security-relevant acts.
public protocol AuditLog: Sendable {
    /// Appends one event.
    func append(_ event: AuditEvent) async throws
    /// The page of events `query` asks for, newest first, with the number matching in all.
    func page(_ query: AuditQuery) async throws -> AuditPage
    /// Up to `limit` records not yet in the chain, oldest first.
    func unsealed(limit: Int) async throws -> [AuditEvent]
    /// How many records are not yet in the chain.
    func unsealedCount() async throws -> Int
    /// The last record of the chain.
    func chainTail() async throws -> SealedAuditEvent?
    /// Puts a record in the chain at `seq` with `seal`; `false` when it is sealed already or `seq` is taken (another master sealed
    /// meanwhile).
    func seal(_ id: UUID, seq: Int64, seal: String) async throws -> Bool
    /// Up to `limit` records of the chain after place `seq`, in order.
    func chain(after seq: Int64, limit: Int) async throws -> [SealedAuditEvent]
}

extension AuditLog {
    /// The newest `limit` events, optionally only those of one action (see ``AuditQuery/action``) or one actor.
    public func recent(limit: Int, action: String?, actor: String?) async throws -> [AuditEvent] {
        try await page(AuditQuery(actor: actor, action: action, limit: limit)).events
    }
}
