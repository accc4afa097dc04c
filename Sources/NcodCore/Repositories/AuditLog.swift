import Foundation

/// The append-only record of security-relevant acts.
public protocol AuditLog: Sendable {
    /// Appends one event.
    func append(_ event: AuditEvent) async throws
    /// Events, newest first, optionally only those of one action or one actor.
    func recent(limit: Int, action: String?, actor: String?) async throws -> [AuditEvent]
}
