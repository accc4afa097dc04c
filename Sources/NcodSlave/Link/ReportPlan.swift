import NcodCore

/// What a slave last reported in full and the master recorded of it: whether a due report may go short, as an ``UnchangedReport``
/// naming the recorded digest. It may while the slave's devices are exactly those of that full report and the master named a
/// digest in its receipt; a new session, an outage or the master asking for a full report forget it, and the next report is full.
///
/// The daemon's ``SlaveAgent`` keeps one; the load harness keeps one per simulated slave, so that both follow the same rule.
public struct ReportPlan: Equatable, Sendable {
    /// The devices of the last full report, `nil` before it (or since it was forgotten).
    public private(set) var reported: [USBDeviceInfo]?
    /// The digest the master recorded for `reported`, from its receipt; `nil` when it named none.
    public private(set) var digest: String?

    /// A plan with nothing reported: the first report is full.
    public init() {}

    /// Whether nothing was reported since the plan was made or forgotten, so the next report must be full.
    public var isEmpty: Bool { reported == nil }

    /// A full report of `devices` was sent and the master recorded it as `digest` (`nil`: no receipt, or a master that names none).
    public mutating func sent(_ devices: [USBDeviceInfo], recordedAs digest: String?) {
        reported = devices
        self.digest = digest
    }

    /// The master may no longer know what was reported (a new session, an outage, its request for a full report).
    public mutating func forget() { self = ReportPlan() }

    /// The digest an unchanged report of `devices` names, or `nil` when the report must go in full.
    public func unchangedDigest(for devices: [USBDeviceInfo]) -> String? { devices == reported ? digest : nil }
}
