import Foundation
import NcodCore
import NcodTerminal

/// Draws ncod-admin's state: a pure function of the state and the screen size, so screens can be compared as text.
public enum AdminRenderer {
    /// The screen for `state` at `rows`×`columns`.
    public static func render(_ state: AdminState, rows: Int, columns: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(rows: rows, columns: columns)
        guard rows >= 10, columns >= 40 else {
            buffer.put("ncod-admin: terminal too small", row: 0, column: 0)
            return buffer
        }
        titleBar(state, &buffer)
        var top = 1
        if state.profile != nil {
            tabBar(state, &buffer, row: 1)
            top = 2
        }
        if state.connectionLost {
            buffer.fill(row: top, style: Style(reverse: true, color: .red))
            buffer.put(
                " " + AdminText.connectionLost.text(in: state.language), row: top, column: 0, style: Style(bold: true, reverse: true, color: .red))
            top += 1
        }
        let bottom = rows - 2
        if state.profile == nil {
            login(state, &buffer, top: top)
        } else {
            switch state.tab {
            case .dashboard: dashboard(state, &buffer, top: top, bottom: bottom)
            case .slaves:
                if let id = state.slaveDetail {
                    slaveDetail(state, id, &buffer, top: top, bottom: bottom)
                } else {
                    slaves(state, &buffer, top: top, bottom: bottom)
                }
            case .people: people(state, &buffer, top: top, bottom: bottom)
            case .organisation: organisation(state, &buffer, top: top, bottom: bottom)
            case .leases: leases(state, &buffer, top: top, bottom: bottom)
            case .audit: audit(state, &buffer, top: top, bottom: bottom)
            }
        }
        state.status?.draw(on: &buffer, row: rows - 2)
        footer(state, &buffer, row: rows - 1)
        if let modal = state.modal { draw(modal, state.language, &buffer) }
        if state.showingHelp { help(state, &buffer) }
        return buffer
    }

    // MARK: Frame

    private static func titleBar(_ state: AdminState, _ buffer: inout ScreenBuffer) {
        buffer.fill(row: 0, style: .selected)
        buffer.put(" " + AdminText.title.text(in: state.language), row: 0, column: 0, style: Style(bold: true, reverse: true))
        let right = state.profile.map { "\($0.displayName) (\($0.username)) · \(state.masterURL) " } ?? "\(state.masterURL) "
        buffer.put(right, row: 0, column: max(0, buffer.columns - TextWidth.columns(right)), style: .selected)
    }

    private static func tabBar(_ state: AdminState, _ buffer: inout ScreenBuffer, row: Int) {
        // The people section counts what waits for a decision: one per request, as its list shows them.
        let waiting = state.requests.count
        let labels = AdminState.Tab.allCases.map { tab in
            "\(tab.rawValue + 1) " + AdminText.tab(tab).text(in: state.language) + (tab == .people && waiting > 0 ? " (\(waiting))" : "")
        }
        // Padded tabs with gaps where they fit; packed tight on a narrow terminal.
        let roomy = labels.reduce(1) { $0 + TextWidth.columns($1) + 3 } <= buffer.columns
        var column = roomy ? 1 : 0
        for (tab, label) in zip(AdminState.Tab.allCases, labels) {
            let text = roomy ? " \(label) " : " \(label)"
            let current = tab == state.tab
            buffer.put(text, row: row, column: column, style: current ? Style(bold: true, reverse: true, color: .blue) : .normal)
            column += TextWidth.columns(text) + (roomy ? 1 : 0)
        }
    }

    private static func footer(_ state: AdminState, _ buffer: inout ScreenBuffer, row: Int) {
        buffer.fill(row: row, style: .selected)
        let text: String
        if state.profile == nil {
            text = "ncod \(NcodVersion.current)"
        } else if state.searching {
            text = "Enter ✓  Esc ✗  ↑↓"
        } else {
            // The section's own keys, then help and quit, which always show.
            let always = "? " + AdminText.keyHelp.text(in: state.language) + "  q " + AdminText.keyQuit.text(in: state.language)
            let keys = AdminKeymaps.current(state).footer(state.language, width: buffer.columns - 13 - TextWidth.columns(always))
            text = "1-6/Tab  " + (keys.isEmpty ? "" : keys + "  ") + always
        }
        buffer.put(" " + text, row: row, column: 0, style: .selected)
    }

    // MARK: Login

    private static func login(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int) {
        let language = state.language
        buffer.put(AdminText.loginTitle.text(in: language), row: top + 1, column: 4, style: .strong)
        let fields: [(Message, String, Bool)] = [
            (AdminText.master, state.masterURL, false),
            (AdminText.username, state.login.username, state.login.field == .username),
            (AdminText.password, String(repeating: "•", count: state.login.password.count), state.login.field == .password),
        ]
        for (index, (label, value, focused)) in fields.enumerated() {
            let row = top + 3 + index + (index > 0 ? 1 : 0)  // a blank line between the master and the form
            buffer.put(focused ? "›" : " ", row: row, column: 2, style: .strong)
            buffer.put(TextWidth.fit(label.text(in: language), to: 18), row: row, column: 4)
            buffer.put(TextWidth.fit(value, to: 40), row: row, column: 22, style: index == 0 ? .faint : Style(underline: true))
        }
        for (offset, line) in Panel.wrap(AdminText.loginHint.text(in: language), width: buffer.columns - 8).enumerated() {
            buffer.put(line, row: top + 8 + offset, column: 4, style: .faint)
        }
    }

    // MARK: Tables

    /// A column: heading and width (the last column takes what is left).
    private typealias Column = (title: Message, width: Int)

    private static func table(
        _ columns: [Column], _ rows: [[String]], selected: Int?, _ language: Language, _ buffer: inout ScreenBuffer, top: Int, bottom: Int,
        empty: Message, color: (Int) -> Style.Color? = { _ in nil }
    ) {
        func line(_ cells: [String]) -> String {
            var text = "  "
            for (index, cell) in cells.enumerated() {
                let width = index == columns.count - 1 ? max(1, buffer.columns - TextWidth.columns(text) - 1) : columns[index].width
                text += TextWidth.fit(cell, to: width) + (index == columns.count - 1 ? "" : " ")
            }
            return text
        }
        buffer.put(line(columns.map { $0.title.text(in: language) }), row: top, column: 0, style: Style(dim: true, underline: true))
        guard !rows.isEmpty else {
            buffer.put(empty.text(in: language), row: top + 2, column: 2, style: .faint)
            return
        }
        let height = max(1, bottom - top - 1)
        let chosen = selected ?? 0
        let offset = max(0, min(chosen - height / 2, rows.count - height))
        for index in offset..<min(rows.count, offset + height) {
            let isSelected = index == selected
            var text = line(rows[index])
            if isSelected { text = "›" + text.dropFirst() }
            buffer.put(text, row: top + 1 + index - offset, column: 0, style: Style(bold: isSelected, reverse: isSelected, color: color(index)))
        }
    }

    private static func heading(_ text: String, _ buffer: inout ScreenBuffer, row: Int) {
        buffer.put(text, row: row, column: 1, style: .strong)
    }

    // MARK: Dashboard

    private static func dashboard(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let overview = state.data.overview
        heading(AdminText.tabDashboard.text(in: language), &buffer, row: top)
        let waiting = overview.pendingUsers + overview.pendingBindings
        let figures: [(Message, Message, Style.Color?)] = [
            (
                AdminText.slavesFigure, AdminText.slaveCounts(overview.slavesOnline, overview.slavesOffline, overview.slavesDisabled),
                overview.slavesOffline > 0 ? .red : .green
            ),
            (AdminText.devicesFigure, AdminText.deviceCounts(overview), nil),
            (AdminText.leasesFigure, Message("\(overview.activeLeases)", zh: "\(overview.activeLeases)"), nil),
            (AdminText.waitingFigure, AdminText.waitingCounts(overview.pendingUsers, overview.pendingBindings), waiting > 0 ? .yellow : nil),
        ]
        for (index, figure) in figures.enumerated() {
            buffer.put(TextWidth.fit(figure.0.text(in: language), to: 22), row: top + 2 + index, column: 3, style: .faint)
            buffer.put(figure.1.text(in: language), row: top + 2 + index, column: 26, style: Style(bold: true, color: figure.2))
        }
        let alertsTop = top + 3 + figures.count
        heading(AdminText.alertsTitle.text(in: language), &buffer, row: alertsTop)
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

    static func alertText(_ alert: AuditEvent, _ language: Language) -> String {
        let subject = alert.subject.split(separator: ":", maxSplits: 1).last.map(String.init) ?? alert.subject
        if alert.action == "slave.offline" { return AdminText.slaveWentOffline(subject, alert.details["silentSeconds"]).text(in: language) }
        return AdminText.deviceRemoved(alert.details["device"] ?? subject, alert.details["slave"] ?? "?").text(in: language)
    }

    // MARK: Slaves

    private static func slaves(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        heading(AdminText.tabSlaves.text(in: language) + " (\(state.data.slaves.count))", &buffer, row: top)
        let rows = state.data.slaves.map { slave in
            [
                slave.name, AdminText.slaveStatus(slave.status).text(in: language), AdminFormat.age(slave.lastReportAt, now: state.now, language),
                slave.agentVersion, "\(slave.deviceCount)", AdminFormat.health(slave, language, compact: true),
            ]
        }
        let colors = state.data.slaves.map { slave -> Style.Color? in
            switch slave.status {
            case .online: nil
            case .offline: .red
            case .disabled: .yellow
            }
        }
        table(
            [
                (AdminText.name, 14), (AdminText.status, 8), (AdminText.lastReport, 11), (AdminText.version, 8), (AdminText.devices, 7),
                (AdminText.health, 0),
            ],
            rows, selected: state.data.slaves.isEmpty ? nil : state.selected(.slaves), language, &buffer, top: top + 1, bottom: bottom,
            empty: AdminText.noSlaves, color: { colors[$0] })
    }

    private static func slaveDetail(_ state: AdminState, _ id: UUID, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        guard let slave = state.data.slaves.first(where: { $0.id == id }) else { return }
        heading(AdminText.tabSlaves.text(in: language) + " › " + slave.name, &buffer, row: top)
        let facts: [(Message, String)] = [
            (
                AdminText.status,
                AdminText.slaveStatus(slave.status).text(in: language) + " · " + AdminText.lastReport.text(in: language) + " "
                    + AdminFormat.age(slave.lastReportAt, now: state.now, language)
            ),
            (AdminText.host, slave.host + " · " + AdminText.hub.text(in: language) + " " + slave.hubAddress),
            (AdminText.version, slave.agentVersion + " · " + AdminFormat.health(slave, language)),
        ]
        for (index, fact) in facts.enumerated() {
            buffer.put(TextWidth.fit(fact.0.text(in: language), to: 12), row: top + 1 + index, column: 3, style: .faint)
            buffer.put(fact.1, row: top + 1 + index, column: 16, width: buffer.columns - 17)
        }
        let devices = state.devices(of: id)
        let rows = devices.map { view -> [String] in
            let status =
                !view.device.present ? AdminText.absent.text(in: language) : (view.heldBy ?? AdminText.free.text(in: language))
            return [view.device.vhAddress, view.device.nickname ?? "—", view.device.product ?? "—", view.device.vidPid, status]
        }
        table(
            [
                (AdminText.device, 15), (AdminText.nickname, 16), (AdminText.product, 20), (Message("VID:PID", zh: "VID:PID"), 9),
                (AdminText.holder, 0),
            ],
            rows, selected: devices.isEmpty ? nil : state.selected(.slaveDevices), language, &buffer, top: top + 5, bottom: bottom,
            empty: AdminText.noDevices, color: { devices[$0].device.present ? (devices[$0].heldBy == nil ? nil : .yellow) : .red })
    }

    // MARK: People

    private static func people(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let lists: [(AdminState.PeopleView, Message, Int)] = [
            (.requests, AdminText.requestsList, state.requests.count),
            (.users, AdminText.usersList, state.data.users.count { $0.status != .pending }),
            (.machines, AdminText.machinesList, state.machines.count),
        ]
        var column = 1
        for (view, title, count) in lists {
            let label = " \(title.text(in: language)) (\(count)) "
            buffer.put(label, row: top, column: column, style: view == state.people ? Style(bold: true, reverse: true) : .faint)
            column += TextWidth.columns(label) + 2
        }
        if state.people == .users, state.searching || !state.search.isEmpty {
            let search = AdminText.searchPrompt.text(in: language) + ": " + state.search + (state.searching ? "▏" : "")
            buffer.put(search, row: top, column: max(column, buffer.columns - TextWidth.columns(search) - 1), style: Style(color: .cyan))
        }
        switch state.people {
        case .requests:
            // One row per person and computer; the selected one's key, department and contact in full below the list.
            let requests = state.requests
            table(
                [(AdminText.person, 18), (AdminText.request, 19), (AdminText.computer, 22), (AdminText.asked, 0)],
                requests.map {
                    [
                        AdminText.who($0), AdminText.asks($0).text(in: language),
                        $0.computer.map { $0.hostname ?? $0.macs.first?.description ?? "" } ?? "—",
                        AdminFormat.age($0.requestedAt, now: state.now, language),
                    ]
                }, selected: requests.isEmpty ? nil : state.selected(.requests), language, &buffer, top: top + 2, bottom: bottom - 5,
                empty: AdminText.noRequests, color: { requests[$0].computer?.newKey == true ? .red : nil })
            if let request = state.selectedRequest {
                let path = request.person.orgUnitPath.map(\.name).joined(separator: " / ")
                let facts: [(Message, String)] = [
                    (
                        AdminText.computer,
                        request.computer.map {
                            ([$0.hostname].compactMap { $0 } + [$0.macs.map(\.description).joined(separator: ", ")]).joined(separator: " · ")
                        } ?? "—"
                    ),
                    (AdminText.key, request.computer?.fingerprint ?? "—"),
                    (AdminText.department, path.isEmpty ? "—" : path),
                    (AdminText.contact, request.person.contact),
                ]
                for (offset, fact) in facts.enumerated() {
                    let line = TextWidth.fit(fact.0.text(in: language), to: 12) + " " + fact.1
                    buffer.put(TextWidth.fit(line, to: buffer.columns - 3), row: bottom - 4 + offset, column: 2, style: .faint)
                }
            }
        case .users:
            let users = state.visibleUsers
            table(
                [(AdminText.username, 14), (AdminText.displayName, 10), (AdminText.role, 13), (AdminText.status, 8), (AdminText.department, 0)],
                users.map {
                    [
                        $0.username, $0.displayName, AdminText.role($0.role).text(in: language), AdminText.userStatus($0.status).text(in: language),
                        department($0),
                    ]
                }, selected: users.isEmpty ? nil : state.selected(.users), language, &buffer, top: top + 2, bottom: bottom, empty: AdminText.noUsers,
                color: { users[$0].status == .active ? nil : .yellow })
        case .machines:
            let machines = state.machines
            table(
                [(AdminText.username, 14), (AdminText.displayName, 10), (AdminText.mac, 17), (AdminText.status, 8), (AdminText.lastSeen, 0)],
                machines.map {
                    [
                        $0.username, $0.displayName, $0.mac.description, AdminText.bindingStatus($0.status).text(in: language),
                        AdminFormat.time($0.lastSeen, state.timeZone),
                    ]
                }, selected: machines.isEmpty ? nil : state.selected(.machines), language, &buffer, top: top + 2, bottom: bottom,
                empty: AdminText.noMachines, color: { machines[$0].status == .pending ? .yellow : nil })
        }
    }

    /// The project department's own name (the whole path is in the organisation section).
    private static func department(_ user: UserProfile) -> String { user.orgUnitPath.last?.name ?? "—" }

    // MARK: Organisation

    private static func organisation(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        heading(AdminText.tabOrganisation.text(in: language), &buffer, row: top)
        let units = state.units
        let members = Dictionary(grouping: state.data.users.compactMap { $0.orgUnitPath.last?.id }, by: { $0 }).mapValues(\.count)
        table(
            [(AdminText.name, 44), (AdminText.kind, 18), (AdminText.tabPeople, 0)],
            units.map { row in
                let branch = row.depth == 0 ? "" : String(repeating: "  ", count: row.depth - 1) + "└ "
                return [
                    branch + row.node.name, AdminText.unitKind(row.node.kind).text(in: language),
                    row.node.kind == .department ? "\(members[row.node.id] ?? 0)" : "",
                ]
            }, selected: units.isEmpty ? nil : state.selected(.organisation), language, &buffer, top: top + 1, bottom: bottom,
            empty: AdminText.noUnits)
    }

    // MARK: Leases

    private static func leases(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        heading(AdminText.tabLeases.text(in: language) + " (\(state.data.leases.count))", &buffer, row: top)
        let names = Dictionary(
            state.data.devices.map { ($0.id, $0.device.nickname ?? $0.device.product ?? $0.device.vidPid) }, uniquingKeysWith: { a, _ in a })
        table(
            [
                (AdminText.device, 20), (Message("VirtualHere", zh: "VirtualHere"), 15), (AdminText.holder, 18), (AdminText.age, 9),
                (AdminText.expires, 0),
            ],
            state.data.leases.map {
                [
                    names[$0.deviceID] ?? "—", $0.vhAddress, "\($0.displayName) (\($0.username))",
                    AdminFormat.age($0.startedAt, now: state.now, language),
                    // A timed hold, or a lease with a maximum, ends at its end; any other at its renewal deadline.
                    AdminFormat.clock($0.endsAt ?? $0.expiresAt, state.timeZone),
                ]
            }, selected: state.data.leases.isEmpty ? nil : state.selected(.leases), language, &buffer, top: top + 1, bottom: bottom,
            empty: AdminText.noLeases)
    }

    // MARK: Audit

    private static func audit(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let query = state.auditQuery
        var filters: [String] = []
        let texts: [(AuditField, String?)] = [
            (.person, query.person), (.device, query.device), (.slave, query.slave), (.action, query.action),
            (.since, query.since.map { AdminFormat.time($0, state.timeZone) }), (.until, query.until.map { AdminFormat.time($0, state.timeZone) }),
        ]
        for (field, value) in texts { if let value { filters.append(AdminText.filterName(field).text(in: language) + "=" + value) } }
        let filterLine =
            AdminText.filters.text(in: language) + ": " + (filters.isEmpty ? AdminText.noFilters.text(in: language) : filters.joined(separator: "  "))
        heading(AdminText.tabAudit.text(in: language), &buffer, row: top)
        buffer.put(filterLine, row: top, column: TextWidth.columns(AdminText.tabAudit.text(in: language)) + 4, style: Style(color: .cyan))
        let events = state.audit?.events ?? []
        if let page = state.audit, !events.isEmpty {
            let text = AdminText.page(page.offset + 1, page.offset + events.count, page.total).text(in: language)
            buffer.put(text, row: bottom - 1, column: max(0, buffer.columns - TextWidth.columns(text) - 1), style: .faint)
        }
        let wide = buffer.columns >= 110
        table(
            [
                (AdminText.time, wide ? 19 : 16), (AdminText.actor, 12), (AdminText.action, 18), (AdminText.subject, wide ? 24 : 20),
                (AdminText.details, 0),
            ],
            events.map { event in
                [AdminFormat.time(event.at, state.timeZone, seconds: wide), event.actor, event.action, event.subject, detailText(event)]
            }, selected: events.isEmpty ? nil : state.selected(.audit), language, &buffer, top: top + 1, bottom: bottom - 1,
            empty: state.audit == nil ? AdminText.loading : AdminText.noEvents
        )
    }

    /// An audit event's details as `key=value` pairs, sorted by key.
    static func detailText(_ event: AuditEvent) -> String {
        event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    // MARK: Boxes

    /// Every key of the section in a box; in two columns when one would not fit the screen.
    private static func help(_ state: AdminState, _ buffer: inout ScreenBuffer) {
        var lines = AdminKeymaps.current(state).helpLines(state.language)
        if lines.count > buffer.rows - 4 {
            let half = (lines.count + 1) / 2
            let width = lines.prefix(half).map(TextWidth.columns).max() ?? 0
            lines = (0..<half).map { index in
                TextWidth.fit(lines[index], to: width) + (index + half < lines.count ? "   " + lines[index + half] : "")
            }
        }
        Panel.box([AdminText.helpTitle.text(in: state.language)] + lines, in: &buffer)
    }

    private static func draw(_ modal: AdminModal, _ language: Language, _ buffer: inout ScreenBuffer) {
        let width = buffer.columns - 8
        func wrapped(_ lines: [String]) -> [String] { lines.flatMap { $0.isEmpty ? [""] : Panel.wrap($0, width: width) } }
        switch modal {
        case .input(_, let title, let lines, let text, _):
            Panel.box(
                [title] + wrapped(lines) + ["", "› " + text + "▏", "", AdminText.inputHint.text(in: language)], in: &buffer, minWidth: min(width, 60))
        case .choice(_, let title, let options, let index):
            let visible = max(1, buffer.rows - 8)
            let first = max(0, min(index - visible / 2, options.count - visible))
            let shown = options[first..<min(options.count, first + visible)]
            Panel.box(
                [title] + shown.map { "  " + $0.label } + ["", AdminText.choiceHint.text(in: language)], in: &buffer, minWidth: min(width, 50),
                highlighted: [index - first + 1])
        case .confirm(_, let title, let lines):
            Panel.box([title] + wrapped(lines), in: &buffer, minWidth: min(width, 50), titleStyle: Style(bold: true, color: .red))
        case .notice(let title, let lines):
            Panel.box(
                [title] + lines.flatMap { shellWrap($0, width: width) } + ["", AdminText.noticeHint.text(in: language)], in: &buffer,
                minWidth: min(width, 50))
        }
    }

    /// A long command broken at spaces with ` \` at the end of every line but the last, so a copied block still runs in a shell.
    static func shellWrap(_ line: String, width: Int) -> [String] {
        guard TextWidth.columns(line) > width, line.hasPrefix("sudo ") else { return line.isEmpty ? [""] : Panel.wrap(line, width: width) }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ").map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if TextWidth.columns(candidate) + 2 > width, !current.isEmpty {
                lines.append(current + " \\")
                current = "  " + word
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines
    }
}
