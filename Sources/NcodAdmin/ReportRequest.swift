import Foundation
import NcodCore

/// A usage report asked of the master: the period, the grouping, the time zone its hours are counted in.
public struct ReportRequest: Equatable, Sendable {
    /// The start (included).
    public var from: Date
    /// The end (excluded).
    public var to: Date
    /// The grouping.
    public var by: UsageReport.Grouping
    /// The time zone.
    public var timeZone: String

    /// A request.
    public init(from: Date, to: Date, by: UsageReport.Grouping, timeZone: String) {
        self.from = from
        self.to = to
        self.by = by
        self.timeZone = timeZone
    }
}
