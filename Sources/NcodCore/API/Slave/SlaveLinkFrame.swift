/// One line the master sends down a slave's link (`POST /api/v1/slaves/{id}/link`, newline-delimited JSON both ways): the answer
/// to a heartbeat, a push that the slave's leases changed, a request for a full report, or the problem that ends the link.
///
/// The slave sends ``SlaveHeartbeat`` and ``UnchangedReport`` lines up the same connection; the master answers with a `beat` receipt naming a heartbeat's
/// sequence and carrying the lease epoch (as ``HeartbeatReceipt`` does for a heartbeat sent as a request) when the slave has heard
/// nothing for 5 s or the epoch rose, not for every heartbeat.
public struct SlaveLinkFrame: Codable, Hashable, Sendable {
    /// What the frame says.
    public enum Kind: String, Codable, Sendable {
        /// Heartbeats are being recorded: ``sequence`` (the latest) and ``leaseEpoch`` are set.
        case beat
        /// A lease on one of the slave's devices was taken or ended: send a full report now to learn which.
        case leases
        /// The master did not take an ``UnchangedReport`` (its digest is no longer the one recorded, or the slave is offline):
        /// send a full report now.
        case report
        /// The master refused a heartbeat or the link: ``problem`` says why, and the link ends.
        case problem
    }

    /// What the frame says.
    public var kind: Kind
    /// The heartbeat answered (`beat`).
    public var sequence: Int?
    /// The slave's lease epoch as the heartbeat found it (`beat`).
    public var leaseEpoch: Int?
    /// Why the link ends (`problem`).
    public var problem: Problem?

    /// A frame; see each property.
    public init(kind: Kind, sequence: Int? = nil, leaseEpoch: Int? = nil, problem: Problem? = nil) {
        self.kind = kind
        self.sequence = sequence
        self.leaseEpoch = leaseEpoch
        self.problem = problem
    }

    /// The answer to heartbeat `sequence`.
    public static func beat(_ sequence: Int, leaseEpoch: Int) -> SlaveLinkFrame {
        SlaveLinkFrame(kind: .beat, sequence: sequence, leaseEpoch: leaseEpoch)
    }

    /// The push: leases changed.
    public static let leases = SlaveLinkFrame(kind: .leases)

    /// The request for a full report.
    public static let report = SlaveLinkFrame(kind: .report)

    /// The refusal that ends the link.
    public static func refused(_ problem: Problem) -> SlaveLinkFrame { SlaveLinkFrame(kind: .problem, problem: problem) }
}
