import Foundation
import NcodCore

/// A report's period and options as people give them: dates (`2026-11-01`, midnight in the time zone) or times (ISO 8601), a
/// grouping, a time zone. Shared by `GET /api/v1/admin/reports/usage` and `ncod-master report`.
public struct ReportPeriod: Sendable, Equatable {
    /// The start (included).
    public var from: Date
    /// The end (excluded).
    public var to: Date
    /// What the rows are.
    public var by: UsageReport.Grouping
    /// The time zone days and hours are counted in.
    public var timeZone: TimeZone

    /// Reads the texts; a bad one is a ``Problem`` naming its field.
    public init(from fromText: String?, to toText: String?, by byText: String?, timeZone zoneText: String?, now: Date) throws {
        guard let zone = zoneText.map({ TimeZone(identifier: $0) }) ?? TimeZone.current else {
            throw Problem.invalidField("tz", "not a time zone: '\(zoneText ?? "")' (Asia/Shanghai, UTC, Europe/Berlin…)")
        }
        guard let grouping = UsageReport.Grouping(text: byText ?? "device") else {
            throw Problem.invalidField("by", "group by device, person or unit (department), not '\(byText ?? "")'")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func moment(_ text: String, field: String) throws -> Date {
            if let date = ISO8601DateFormatter().date(from: text) { return date }
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, text.count == 10,
                let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.day, from: date) == parts[2], calendar.component(.month, from: date) == parts[1]
            else {
                throw Problem.invalidField(field, "a date such as 2026-11-01, or a time such as 2026-11-01T08:00:00Z, not '\(text)'")
            }
            return date
        }
        let start = calendar.startOfDay(for: now)
        let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? start
        let to = try toText.map { try moment($0, field: "to") } ?? calendar.date(byAdding: .day, value: 1, to: start) ?? now
        let from = try fromText.map { try moment($0, field: "from") } ?? monthStart
        guard from < to else { throw Problem.invalidField("to", "the end must come after the start") }
        guard to.timeIntervalSince(from) <= UsageReports.longestPeriod else {
            throw Problem.invalidField("from", "a report covers at most 366 days")
        }
        self.from = from
        self.to = to
        self.by = grouping
        self.timeZone = zone
    }
}
