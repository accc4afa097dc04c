import Foundation
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// Usage reports.
    public static let reports = Self("reports")
}

extension AdminState.List {
    /// The report's rows.
    public static let reportRows = Self(.reports, "rows")
}

/// Usage reports: hours held, leases and waiting per device, person or org unit (rolled up), and the busiest hours, for a period
/// picked with `p` and grouped with `g`. The figures are the master's (`GET /api/v1/admin/reports/usage`); CSV comes from the API or
/// `ncod-master report`.
enum ReportsSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.reports
    /// Its name in the tab bar.
    static let title = Message("Reports", zh: "报表")

    /// Period and grouping.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] {
        [
            KeyBinding([.character("p")], Message("period", zh: "时段"), .period),
            KeyBinding([.character("g")], Message("group by", zh: "分组"), .grouping),
        ]
    }

    /// The rows.
    static func activeList(_ state: AdminState) -> AdminState.List? { .reportRows }

    /// The rows shown.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] { state.report?.rows.map(\.id) ?? [] }

    /// `p` the next period, `g` the next grouping; either asks the master again.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        switch command {
        case .period: state.reportRange = state.reportRange.next
        case .grouping:
            let all = UsageReport.Grouping.allCases
            state.reportBy = all[(all.firstIndex(of: state.reportBy)! + 1) % all.count]
        default: return []
        }
        return load(&state)
    }

    /// Asks for the report of the period and grouping chosen; the old one does not show under the new choice meanwhile.
    static func load(_ state: inout AdminState) -> [AdminEffect] {
        let (from, to) = state.reportRange.interval(now: state.now, timeZone: state.timeZone)
        let request = ReportRequest(from: from, to: to, by: state.reportBy, timeZone: state.timeZone.identifier)
        if state.reportRequest != request { state.report = nil }
        state.reportRequest = request
        state.select(.reportRows, index: 0)
        return [.loadReport(request)]
    }

    /// The period, the rows, the totals and the busiest hours.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let by: Message =
            switch state.reportBy {
            case .device: Message("by device", zh: "按设备")
            case .person: Message("by person", zh: "按人员")
            case .unit: Message("by org unit", zh: "按组织")
            }
        var heading = title.text(in: language) + " · " + state.reportRange.title.text(in: language) + " · " + by.text(in: language)
        if let request = state.reportRequest {
            let day = { (date: Date) in AdminFormat.time(date, state.timeZone).prefix(10) }
            heading += "  (\(day(request.from)) – \(day(request.to.addingTimeInterval(-1))))"
        }
        AdminKit.heading(heading, &buffer, row: top)
        guard let report = state.report else {
            buffer.put(Message("Asking the master…", zh: "正在查询…").text(in: language), row: top + 2, column: 3, style: .faint)
            return
        }
        // Minutes under an hour (a short hold is not "0.0"), else hours with one decimal.
        let hours = { (seconds: Int) -> String in
            seconds < 3600
                ? Message("\(seconds / 60) min", zh: "\(seconds / 60) 分钟").text(in: language)
                : Message(String(format: "%.1f h", Double(seconds) / 3600), zh: String(format: "%.1f 小时", Double(seconds) / 3600)).text(in: language)
        }
        let rows = report.rows.map { row in
            [row.by(report.by), "\(row.leases)", hours(row.heldSeconds), "\(row.waits)", hours(row.waitedSeconds)]
        }
        let tableBottom = max(top + 3, bottom - 2)
        AdminKit.table(
            [
                (Message("Name", zh: "名称"), max(20, buffer.columns - 52)), (Message("Leases", zh: "次数"), 6),
                (Message("Held", zh: "占用时长"), 10), (Message("Waits", zh: "排队"), 5), (Message("Waited", zh: "排队时长"), 0),
            ],
            rows, selected: rows.isEmpty ? nil : state.selected(.reportRows), language, &buffer, top: top + 1, bottom: tableBottom,
            empty: Message("Nothing was held in this period.", zh: "此时段内没有占用记录。"))
        let totals = Message(
            "Total: \(report.leases) leases, \(hours(report.heldSeconds)) held, \(report.waits) waits, \(hours(report.waitedSeconds)) waited",
            zh: "合计：\(report.leases) 次，占用 \(hours(report.heldSeconds))，排队 \(report.waits) 次，共 \(hours(report.waitedSeconds))")
        buffer.put(totals.text(in: language), row: bottom - 2, column: 3, style: .strong, width: buffer.columns - 4)
        let busiest = report.busiestHours.prefix(3).map { String(format: "%02d:00 (%@)", $0.hour, hours($0.heldSeconds)) }
        if !busiest.isEmpty {
            let line = Message("Busiest hours: ", zh: "最忙时段：").text(in: language) + busiest.joined(separator: ", ")
            buffer.put(line, row: bottom - 1, column: 3, style: .faint, width: buffer.columns - 4)
        }
    }
}

extension UsageReport.Row {
    /// What the name column shows: a unit's name indented by its depth (the rows come organisation, company, department), a
    /// device's name and address, a person's name and username.
    fileprivate func by(_ grouping: UsageReport.Grouping) -> String {
        guard grouping == .unit else { return "\(name) (\(path))" }
        let depth = path.components(separatedBy: " / ").count - 1
        return String(repeating: "  ", count: max(0, depth)) + name
    }
}
