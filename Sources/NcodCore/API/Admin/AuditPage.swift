/// One page of the audit log, newest first, with how many events match in all.
public struct AuditPage: Codable, Hashable, Sendable {
    /// The events of this page.
    public var events: [AuditEvent]
    /// How many events match the filters.
    public var total: Int
    /// How many matching events come before this page.
    public var offset: Int

    /// Creates a page.
    public init(events: [AuditEvent], total: Int, offset: Int) {
        self.events = events
        self.total = total
        self.offset = offset
    }
}
