import Foundation

/// The audit log's filters, one per question.
public enum AuditField: String, Equatable, Sendable, CaseIterable {
    /// Who did it, or to whom.
    case person
    /// Which device (part of its VirtualHere address).
    case device
    /// Which slave (part of its name).
    case slave
    /// Which action (`lease.` for all lease actions).
    case action
    /// From this time on (`2026-11-21`, `2026-11-21 09:00`, or ISO 8601).
    case since
    /// Before this time.
    case until
}
