#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Which audit events to return, and which page of them: every filter given must match.
public struct AuditQuery: Codable, Hashable, Sendable {
    /// A person: events they did (actor), that were done to them (subject `user:<name>`), or about their leases (holder).
    public var person: String?
    /// A device: events whose subject names it (`device:<address>`), by part of its VirtualHere address.
    public var device: String?
    /// A slave: events by it (`slave:<name>` actor) or about it (`slave:<name>` subject), by part of its name.
    public var slave: String?
    /// Exactly who did it (a username, `slave:<name>`, `system`).
    public var actor: String?
    /// An action, or the start of one when it ends with a dot (`lease.` matches every lease action).
    public var action: String?
    /// Not before this moment.
    public var since: Date?
    /// Before this moment.
    public var until: Date?
    /// Rows to skip (newest first).
    public var offset: Int
    /// Rows to return.
    public var limit: Int

    /// The largest page the log hands out at once.
    public static let maxLimit = 500

    /// A query; `limit` is kept within 1…``maxLimit``.
    public init(
        person: String? = nil, device: String? = nil, slave: String? = nil, actor: String? = nil, action: String? = nil, since: Date? = nil,
        until: Date? = nil,
        offset: Int = 0, limit: Int = 50
    ) {
        self.person = person
        self.device = device
        self.slave = slave
        self.actor = actor
        self.action = action
        self.since = since
        self.until = until
        self.offset = max(0, offset)
        self.limit = min(Self.maxLimit, max(1, limit))
    }

    /// Whether any filter is set.
    public var isFiltered: Bool { [person, device, slave, actor, action].contains { $0 != nil } || since != nil || until != nil }
}
