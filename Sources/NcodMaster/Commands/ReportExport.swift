import Foundation
import NcodCore
import NcodStore
import Vapor

/// `ncod-master report`: a usage report straight from the database, for cron jobs and spreadsheets.
public enum ReportExport {
    /// The report for `period` from the database the configuration names.
    public static func build(_ period: ReportPeriod, configuration: MasterConfiguration, logger: Logger, now: Date = Date()) async throws
        -> UsageReport
    {
        let app = try await MasterApplication.makeDatabaseOnly(configuration, logger: logger)
        do {
            try await MasterApplication.migrate(app, location: configuration.database)
            let report = try await UsageReports.build(
                store: Store(database: app.db), from: period.from, to: period.to, by: period.by, timeZone: period.timeZone, now: now)
            try await app.asyncShutdown()
            return report
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The report as a table for people: the rows, the totals, the five busiest hours.
    public static func text(_ report: UsageReport) -> String {
        func hours(_ seconds: Int) -> String { String(format: "%.1f h", Double(seconds) / 3600) }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = TimeZone(identifier: report.timeZone)
        let day = { (date: Date) in formatter.string(from: date) }
        var lines = ["usage by \(report.by.rawValue), \(day(report.from)) – \(day(report.to)) (\(report.timeZone))", ""]
        let width = max(8, report.rows.map { $0.path.count }.max() ?? 0)
        for row in report.rows {
            lines.append(
                row.path.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + hours(row.heldSeconds).leftPad(9) + "  "
                    + "\(row.leases) leases".leftPad(11) + "  " + "\(row.waits) waits, \(hours(row.waitedSeconds)) waited")
        }
        lines.append("")
        lines.append(
            "total: \(report.leases) leases, \(hours(report.heldSeconds)) held, \(report.waits) waits, \(hours(report.waitedSeconds)) waited")
        let busiest = report.busiestHours.prefix(5).map { String(format: "%02d:00 (%@)", $0.hour, hours($0.heldSeconds)) }
        if !busiest.isEmpty { lines.append("busiest hours: " + busiest.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The text padded on the left to `length` characters.
    fileprivate func leftPad(_ length: Int) -> String { String(repeating: " ", count: max(0, length - count)) + self }
}
