import Foundation
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// The dashboard.
    public static let dashboard = Self("dashboard")
}

/// The dashboard: slaves online and offline, devices present, in use and free, leases, what waits for approval, recent alerts.
enum DashboardSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.dashboard
    /// Its name in the tab bar.
    static let title = AdminText.tabDashboard

    /// Only the navigation keys.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] { [] }

    /// Nothing to act on.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] { [] }

    /// The figures, then the alerts, newest first.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let overview = state.data.overview
        AdminKit.heading(AdminText.tabDashboard.text(in: language), &buffer, row: top)
        let waiting = overview.pendingUsers + overview.pendingBindings
        let figures: [(Message, Message, Style.Color?)] = [
            (
                AdminText.slavesFigure, AdminText.slaveCounts(overview.slavesOnline, overview.slavesOffline, overview.slavesDisabled),
                overview.slavesOffline > 0 ? .red : .green
            ),
            (AdminText.devicesFigure, AdminText.deviceCounts(overview), nil),
            (AdminText.leasesFigure, Message("\(overview.activeLeases)", zh: "\(overview.activeLeases)"), nil),
            (AdminText.waitingFigure, AdminText.waitingCounts(overview.pendingUsers, overview.pendingBindings), waiting > 0 ? .yellow : nil),
            auditFigure(overview.auditVerification, state),
        ]
        for (index, figure) in figures.enumerated() {
            buffer.put(TextWidth.fit(figure.0.text(in: language), to: 22), row: top + 2 + index, column: 3, style: .faint)
            buffer.put(figure.1.text(in: language), row: top + 2 + index, column: 26, style: Style(bold: true, color: figure.2))
        }
        let alertsTop = top + 3 + figures.count
        AdminKit.heading(AdminText.alertsTitle.text(in: language), &buffer, row: alertsTop)
        guard !overview.alerts.isEmpty else {
            buffer.put(AdminText.noAlerts.text(in: language), row: alertsTop + 1, column: 3, style: .faint)
            return
        }
        for (index, alert) in overview.alerts.prefix(max(0, bottom - alertsTop - 1)).enumerated() {
            let row = alertsTop + 1 + index
            buffer.put(AdminFormat.time(alert.at, state.timeZone), row: row, column: 3, style: .faint)
            buffer.put(alertText(alert, language), row: row, column: 21, style: Style(color: .red), width: buffer.columns - 22)
        }
    }

    /// The audit chain's last check: when, how many records, intact or where it broke.
    static func auditFigure(_ verification: AuditVerification?, _ state: AdminState) -> (Message, Message, Style.Color?) {
        guard let verification else { return (AdminText.auditFigure, AdminText.auditNeverVerified, .yellow) }
        let when = AdminFormat.time(verification.at, state.timeZone)
        guard let finding = verification.finding else {
            return (AdminText.auditFigure, AdminText.auditIntact(when, verification.checked), .green)
        }
        return (AdminText.auditFigure, AdminText.auditBroken(when, finding.detail), .red)
    }

    /// An alert in one line: a slave gone offline, or a device unplugged while held.
    static func alertText(_ alert: AuditEvent, _ language: Language) -> String {
        let subject = alert.subject.split(separator: ":", maxSplits: 1).last.map(String.init) ?? alert.subject
        if alert.action == "slave.offline" { return AdminText.slaveWentOffline(subject, alert.details["silentSeconds"]).text(in: language) }
        return AdminText.deviceRemoved(alert.details["device"] ?? subject, alert.details["slave"] ?? "?").text(in: language)
    }
}
