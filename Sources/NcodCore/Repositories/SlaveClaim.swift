#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A report or heartbeat as the master checks it against the stored slave, in the write that records it: whose, with which
/// credential (its hash), in which registration, and its sequence number.
public struct SlaveClaim: Sendable, Hashable {
    /// The slave it says it comes from.
    public var slaveID: UUID
    /// SHA-256 (lower-case hex) of the secret it was sent with; compared with the stored hash.
    public var credentialHash: String
    /// The registration it belongs to.
    public var session: UUID
    /// The sequence number; accepted only above the last report's or heartbeat's.
    public var sequence: Int

    /// A claim of `slaveID`.
    public init(slaveID: UUID, credentialHash: String, session: UUID, sequence: Int) {
        self.slaveID = slaveID
        self.credentialHash = credentialHash
        self.session = session
        self.sequence = sequence
    }
}
