/// An audit record with its place in the chain and its seal (``AuditChain``).
public struct SealedAuditEvent: Hashable, Sendable {
    /// The record.
    public var event: AuditEvent
    /// Its place: 1, 2, 3… without gaps.
    public var seq: Int64
    /// Its seal.
    public var seal: String

    /// A sealed record.
    public init(event: AuditEvent, seq: Int64, seal: String) {
        self.event = event
        self.seq = seq
        self.seal = seal
    }
}
