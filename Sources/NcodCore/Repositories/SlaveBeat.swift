import Foundation

/// One heartbeat as the master checks it against the stored slave: whose, with which credential (its hash), in which
/// registration, and its sequence number.
public struct SlaveBeat: Sendable, Hashable {
    /// The slave the beat says it comes from.
    public var slaveID: UUID
    /// SHA-256 (lower-case hex) of the secret the beat was sent with; compared with the stored hash.
    public var credentialHash: String
    /// The registration the beat belongs to.
    public var session: UUID
    /// The beat's sequence number; accepted only above the last report's or heartbeat's.
    public var sequence: Int

    /// A beat of `slaveID`.
    public init(slaveID: UUID, credentialHash: String, session: UUID, sequence: Int) {
        self.slaveID = slaveID
        self.credentialHash = credentialHash
        self.session = session
        self.sequence = sequence
    }
}
