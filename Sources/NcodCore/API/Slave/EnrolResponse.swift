#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What enrolment returns: the slave's identity and its credential, shown once; the daemon keeps it 0600.
public struct EnrolResponse: Codable, Hashable, Sendable {
    /// The slave's id.
    public var slaveID: UUID
    /// `<slave id>.<secret>`, sent as `Authorization: Slave <credential>` on every later call.
    public var credential: String

    /// Creates a response.
    public init(slaveID: UUID, credential: String) {
        self.slaveID = slaveID
        self.credential = credential
    }
}
