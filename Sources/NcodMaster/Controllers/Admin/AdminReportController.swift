import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/admin/reports/usage?from=&to=&by=device|person|unit&tz=&format=json|csv`: hours held, leases and waiting per device,
/// person or org unit (rolled up the tree), and the busiest hours, for a period (this month by default).
struct AdminReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "usage", use: usage)
    }

    @Sendable
    func usage(req: Request) async throws -> Response {
        let period = try ReportPeriod(
            from: try? req.query.get(String.self, at: "from"), to: try? req.query.get(String.self, at: "to"),
            by: try? req.query.get(String.self, at: "by"), timeZone: try? req.query.get(String.self, at: "tz"), now: req.ncod.now())
        let format =
            (try? req.query.get(String.self, at: "format"))
            ?? (req.headers.accept.mediaTypes.contains(HTTPMediaType(type: "text", subType: "csv")) ? "csv" : "json")
        guard ["json", "csv"].contains(format) else { throw Problem.invalidField("format", "json or csv, not '\(format)'") }
        let report = try await UsageReports.build(
            store: Store(database: req.db), from: period.from, to: period.to, by: period.by, timeZone: period.timeZone, now: req.ncod.now())
        guard format == "csv" else {
            let response = Response(status: .ok)
            try response.content.encode(report)
            return response
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        let day = { (date: Date) in String(ISO8601DateFormatter().string(from: date).prefix(10)) }
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"ncod-usage-\(report.by.rawValue)-\(day(report.from))-\(day(report.to)).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: report.csv))
    }
}
