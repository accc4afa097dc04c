import Foundation

/// The append-only record of security-relevant acts.
public protocol AuditLog: Sendable {
    /// Appends one event.
    func append(_ event: AuditEvent) async throws
    /// The page of events `query` asks for, newest first, with the number matching in all.
    func page(_ query: AuditQuery) async throws -> AuditPage
}

extension AuditLog {
    /// The newest `limit` events, optionally only those of one action (see ``AuditQuery/action``) or one actor.
    public func recent(limit: Int, action: String?, actor: String?) async throws -> [AuditEvent] {
        try await page(AuditQuery(actor: actor, action: action, limit: limit)).events
    }
}
