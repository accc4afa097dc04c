import Foundation
import NcodCore
import NcodTerminal

/// Draws ncod-tui's state: a pure function of the state and the screen size, so screens can be compared as text.
public enum TUIRenderer {
    /// The screen for `state` at `rows`×`columns`.
    public static func render(_ state: TUIState, rows: Int, columns: Int) -> ScreenBuffer {
        var buffer = ScreenBuffer(rows: rows, columns: columns)
        guard rows >= 6, columns >= 20 else {
            buffer.put("ncod: terminal too small", row: 0, column: 0)
            return buffer
        }
        let language = state.language
        titleBar(state, &buffer)
        var top = 1
        if state.connectionLost {
            buffer.fill(row: 1, style: Style(reverse: true, color: .red))
            buffer.put(" " + TerminalText.connectionLost.text(in: language), row: 1, column: 0, style: Style(bold: true, reverse: true, color: .red))
            top = 2
        }
        if let turn = state.turn {
            // The user's turn, on whatever screen is up, until they take it or the window passes.
            let name = state.devices.first { $0.id == turn.deviceID }.map(DeviceFilter.name) ?? "…"
            let text = " ★ " + TUIText.turn(name, TUIText.clock(turn.until, state.timeZone, now: state.now)).text(in: language)
            buffer.fill(row: top, style: Style(reverse: true, color: .green))
            buffer.put(TextWidth.fit(text, to: columns), row: top, column: 0, style: Style(bold: true, reverse: true, color: .green))
            top += 1
        }
        let bottom = rows - 2
        switch state.screen {
        case .login: login(state, &buffer, top: top)
        case .register: register(state, &buffer, top: top)
        case .standing(let kind): standing(kind, state, &buffer, top: top, bottom: bottom)
        case .devices: deviceList(state, &buffer, top: top, bottom: bottom)
        case .details(let id): details(state, id, &buffer, top: top)
        }
        statusLine(state, &buffer, row: rows - 2)
        footer(state, &buffer, row: rows - 1)
        if state.showingHelp { help(state, &buffer) }
        return buffer
    }

    private static func titleBar(_ state: TUIState, _ buffer: inout ScreenBuffer) {
        buffer.fill(row: 0, style: .selected)
        buffer.put(" " + TUIText.title.text(in: state.language), row: 0, column: 0, style: Style(bold: true, reverse: true))
        if let profile = state.profile {
            let who = "\(profile.displayName) (\(profile.username)) "
            let width = TextWidth.columns(who)
            buffer.put(who, row: 0, column: max(0, buffer.columns - width), style: .selected)
        }
    }

    private static func field(_ label: Message, _ value: String, focused: Bool, row: Int, _ language: Language, _ buffer: inout ScreenBuffer) {
        buffer.put(focused ? "›" : " ", row: row, column: 2, style: .strong)
        buffer.put(TextWidth.fit(label.text(in: language), to: 18), row: row, column: 4)
        buffer.put(TextWidth.fit(value, to: 36), row: row, column: 22, style: Style(underline: true))
    }

    private static func login(_ state: TUIState, _ buffer: inout ScreenBuffer, top: Int) {
        let language = state.language
        buffer.put(TUIText.loginTitle.text(in: language), row: top + 1, column: 4, style: .strong)
        buffer.put(TextWidth.fit(TerminalText.master.text(in: language), to: 18), row: top + 3, column: 4)
        buffer.put(state.masterURL, row: top + 3, column: 22, style: .faint)
        field(TerminalText.username, state.login.username, focused: state.login.field == .username, row: top + 5, language, &buffer)
        field(
            TerminalText.password, String(repeating: "•", count: state.login.password.count), focused: state.login.field == .password, row: top + 6,
            language, &buffer)
        buffer.put(TextWidth.fit(TUIText.thisComputer.text(in: language), to: 18), row: top + 8, column: 4)
        buffer.put(state.macs.isEmpty ? "—" : state.macs.joined(separator: ", "), row: top + 8, column: 22, style: .faint)
        for (offset, line) in Panel.wrap(TUIText.loginHint.text(in: language), width: buffer.columns - 8).enumerated() {
            buffer.put(line, row: top + 10 + offset, column: 4, style: .faint)
        }
    }

    private static func register(_ state: TUIState, _ buffer: inout ScreenBuffer, top: Int) {
        let language = state.language
        let form = state.register
        buffer.put(TUIText.registerTitle.text(in: language), row: top + 1, column: 4, style: .strong)
        let fields: [(RegisterForm.Field, Message, String, String)] = [
            (.username, TerminalText.username, form.username, "username"),
            (.displayName, TerminalText.displayName, form.displayName, "displayName"),
            (.password, TerminalText.password, String(repeating: "•", count: form.password.count), "password"),
            (.contact, TUIText.contact, form.contact, "contact"),
        ]
        var row = top + 3
        for (which, label, value, key) in fields {
            field(label, value, focused: form.field == which, row: row, language, &buffer)
            if let error = form.errors[key] { buffer.put(error, row: row + 1, column: 22, style: Style(color: .red)) }
            row += 2
        }
        // The department's whole path, wrapped rather than cut: two departments of the same name in two companies stay apart.
        let department = form.departments.indices.contains(form.departmentIndex) ? form.departments[form.departmentIndex].path : "…"
        let position = form.departments.isEmpty ? "" : " (\(form.departmentIndex + 1)/\(form.departments.count))"
        let lines = Panel.wrap("◀ " + department + " ▶" + position, width: max(10, buffer.columns - 24))
        buffer.put(form.field == .department ? "›" : " ", row: row, column: 2, style: .strong)
        buffer.put(TextWidth.fit(TUIText.department.text(in: language), to: 18), row: row, column: 4)
        for (offset, line) in lines.enumerated() {
            buffer.put(line, row: row + offset, column: 22, style: Style(underline: true))
        }
        row += lines.count - 1
        if let error = form.errors["orgUnitID"] { buffer.put(error, row: row + 1, column: 22, style: Style(color: .red)) }
        for (offset, line) in Panel.wrap(TUIText.registerHint.text(in: language), width: buffer.columns - 8).enumerated() {
            buffer.put(line, row: row + 3 + offset, column: 4, style: .faint)
        }
    }

    /// Where the person and this computer stand: the title, what it means and what to do next (wrapped, never cut), then who and which
    /// computer, as the administrator sees them.
    private static func standing(_ kind: StandingKind, _ state: TUIState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let colour: Style.Color = kind.waits ? .yellow : .red
        buffer.put(TUIText.standingTitle(kind).text(in: language), row: top + 1, column: 2, style: Style(bold: true, color: colour))
        var row = top + 3
        for line in Panel.wrap(TUIText.standingText(kind).text(in: language), width: buffer.columns - 4) where row < bottom {
            buffer.put(line, row: row, column: 2)
            row += 1
        }
        row += 1
        var facts: [(Message, String)] = [(TerminalText.username, state.login.username)]
        let computer = [state.hostname, state.macs.joined(separator: ", ")].filter { !$0.isEmpty }.joined(separator: " · ")
        if !computer.isEmpty { facts.append((TUIText.thisComputer, computer)) }
        if !state.fingerprint.isEmpty { facts.append((TUIText.computerKey, state.fingerprint)) }
        if kind.waits, let checked = state.checkedAt {
            facts.append((TUIText.lastChecked, TUIText.seconds(checked, state.timeZone) + " · " + TUIText.movesOn.text(in: language)))
        }
        let labelWidth = 16
        for (label, value) in facts {
            for (offset, line) in Panel.wrap(value, width: buffer.columns - 4 - labelWidth).enumerated() where row < bottom {
                if offset == 0 { buffer.put(TextWidth.fit(label.text(in: language), to: labelWidth - 2), row: row, column: 2, style: .faint) }
                buffer.put(line, row: row, column: 2 + labelWidth)
                row += 1
            }
        }
    }

    /// Widths of the list's columns at `columns` wide.
    public static func layout(columns: Int) -> (name: Int, vidPid: Int, serial: Int, status: Int) {
        let status = max(14, columns * 3 / 10)
        let serial = columns >= 90 ? 16 : 12
        let name = max(10, columns - 2 - 9 - 1 - serial - 1 - status - 1)
        return (name, 9, serial, status)
    }

    private static func deviceList(_ state: TUIState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let visible = state.visibleDevices
        var heading = (state.mineOnly ? TUIText.mineTitle : TUIText.devicesTitle).text(in: language) + " (\(visible.count))"
        if state.freeOnly { heading += " · " + TUIText.filterFree.text(in: language) }
        heading += " · " + TUIText.sortedBy.text(in: language) + " " + sortName(state.sort, language)
        buffer.put(heading, row: top, column: 1, style: .strong)
        if state.searching || !state.search.isEmpty {
            let search = TerminalText.searchPrompt.text(in: language) + ": " + state.search + (state.searching ? "▏" : "")
            buffer.put(search, row: top, column: max(0, buffer.columns - TextWidth.columns(search) - 1), style: Style(color: .cyan))
        }
        let widths = layout(columns: buffer.columns)
        var header = "  " + TextWidth.fit(TerminalText.name.text(in: language), to: widths.name) + " "
        header += TextWidth.fit("VID:PID", to: widths.vidPid) + " " + TextWidth.fit(TUIText.serial.text(in: language), to: widths.serial) + " "
        header += TerminalText.status.text(in: language)
        buffer.put(header, row: top + 1, column: 0, style: Style(dim: true, underline: true))

        // Lines: a heading per slave, then its devices.
        enum Line { case slave(String, Bool), device(DeviceView) }
        var lines: [Line] = []
        var lastSlave: String?
        for view in visible {
            if view.slaveName != lastSlave {
                lines.append(.slave(view.slaveName, view.slaveStatus == .online))
                lastSlave = view.slaveName
            }
            lines.append(.device(view))
        }
        let first = top + 2
        let height = max(1, bottom - first)
        guard !lines.isEmpty else {
            buffer.put(TUIText.noDevices.text(in: language), row: first + 1, column: 2, style: .faint)
            return
        }
        let selectedLine = lines.firstIndex { if case .device(let view) = $0 { return view.id == state.selectedID } else { return false } } ?? 0
        let offset = max(0, min(selectedLine - height / 2, lines.count - height))
        for (index, line) in lines[offset..<min(lines.count, offset + height)].enumerated() {
            let row = first + index
            switch line {
            case .slave(let name, let online):
                let label = "── \(name) · \((online ? TUIText.online : TUIText.offline).text(in: language)) "
                buffer.put(
                    label + String(repeating: "─", count: max(0, buffer.columns - TextWidth.columns(label) - 1)), row: row, column: 0,
                    style: Style(bold: true, color: online ? .blue : .red))
            case .device(let view):
                let selected = view.id == state.selectedID
                var text = (selected ? "› " : "  ") + TextWidth.fit(DeviceFilter.name(view), to: widths.name) + " "
                text += TextWidth.fit(view.device.vidPid, to: widths.vidPid) + " " + TextWidth.fit(view.device.serial ?? "—", to: widths.serial) + " "
                buffer.put(text, row: row, column: 0, style: selected ? .selected : .normal)
                let (status, color) = statusText(view, language)
                let column = TextWidth.columns(text)
                buffer.put(
                    TextWidth.fit(status, to: buffer.columns - column), row: row, column: column,
                    style: Style(bold: selected, reverse: selected, color: color))
            }
        }
    }

    static func statusText(_ view: DeviceView, _ language: Language) -> (String, Style.Color?) {
        if !view.online { return (TUIText.offline.text(in: language), .red) }
        // The line, when people wait: the holder sees it, those in line see their place.
        let line = view.waiting > 0 ? " · " + TUIText.waiting(view.waiting, place: view.myPlace).text(in: language) : ""
        if view.heldByMe { return (TUIText.mine.text(in: language) + line, .magenta) }
        if let holder = view.heldBy { return (TUIText.inUseBy(holder).text(in: language) + line, .yellow) }
        if view.reservedForMe { return (TUIText.yourTurn.text(in: language), .green) }
        if let other = view.reservedFor { return (TUIText.keptFor(other, nil).text(in: language) + line, .yellow) }
        return (TerminalText.free.text(in: language) + line, .green)
    }

    private static func sortName(_ sort: TUIState.Sort, _ language: Language) -> String {
        switch sort {
        case .name: TUIText.sortName.text(in: language)
        case .status: TUIText.sortStatus.text(in: language)
        case .address: "VirtualHere"
        }
    }

    private static func details(_ state: TUIState, _ id: UUID, _ buffer: inout ScreenBuffer, top: Int) {
        let language = state.language
        guard let view = state.devices.first(where: { $0.id == id }) else { return }
        buffer.put(DeviceFilter.name(view), row: top + 1, column: 4, style: .strong)
        let device = view.device
        let (short, color) = statusText(view, language)
        let status = view.online ? TUIText.heldBy(view, timeZone: state.timeZone, now: state.now)?.text(in: language) ?? short : short
        let slaveStatus = (view.slaveStatus == .online ? TUIText.online : view.slaveStatus == .offline ? TUIText.offline : TUIText.disabled)
        var facts: [(String, String)] = [
            (TerminalText.status.text(in: language), status), ("VID:PID", device.vidPid),
            (TerminalText.name.text(in: language), device.product ?? "—"),
            (TUIText.manufacturer.text(in: language), device.manufacturer ?? "—"), (TUIText.serial.text(in: language), device.serial ?? "—"),
            (TUIText.slave.text(in: language), "\(view.slaveName) (\(slaveStatus.text(in: language)))"), ("VirtualHere", device.vhAddress),
            (TUIText.port.text(in: language), device.portPath),
        ]
        if let contact = view.holderContact, !view.heldByMe { facts.insert((TUIText.contact.text(in: language), contact), at: 1) }
        if view.waiting > 0 || view.reservedFor != nil {
            var line = TUIText.waiting(view.waiting, place: view.myPlace, long: true).text(in: language)
            if let other = view.reservedFor, let until = view.reservedUntil {
                let kept = view.reservedForMe ? TUIText.yourTurn : TUIText.keptFor(other, TUIText.clock(until, state.timeZone, now: state.now))
                line += " · " + kept.text(in: language)
            }
            facts.insert((TUIText.waitingLabel.text(in: language), line), at: 1)
        }
        for (index, fact) in facts.enumerated() {
            buffer.put(TextWidth.fit(fact.0, to: 16), row: top + 3 + index, column: 4, style: .faint)
            buffer.put(fact.1, row: top + 3 + index, column: 21, style: index == 0 ? Style(bold: true, color: color) : .normal)
        }
    }

    private static func statusLine(_ state: TUIState, _ buffer: inout ScreenBuffer, row: Int) {
        if let text = state.keepUntil {
            // The question on the status line, a refusal (a bad time, the master's answer) just above it.
            state.status?.draw(on: &buffer, row: row - 1)
            buffer.fill(row: row, style: Style(reverse: true, color: .yellow))
            let prompt = " " + TUIText.keepPrompt.text(in: state.language) + " " + text + "▏  Enter ✓  Esc ✗"
            buffer.put(prompt, row: row, column: 0, style: Style(bold: true, reverse: true, color: .yellow))
            return
        }
        if state.askingToQuit {
            buffer.fill(row: row, style: Style(reverse: true, color: .yellow))
            buffer.put(
                " " + TUIText.quitQuestion.text(in: state.language), row: row, column: 0, style: Style(bold: true, reverse: true, color: .yellow))
            return
        }
        state.status?.draw(on: &buffer, row: row)
    }

    private static func footer(_ state: TUIState, _ buffer: inout ScreenBuffer, row: Int) {
        buffer.fill(row: row, style: .selected)
        let text: String
        switch state.screen {
        case .devices where state.searching:
            text = "Enter ✓  Esc ✗  ↑↓"
        // `?` and `q` stay at any width.
        case .devices: text = TUIKeymaps.devices.footer(state.language, width: buffer.columns - 2, keepingLast: 2)
        case .details: text = TUIKeymaps.details.footer(state.language, width: buffer.columns - 2, keepingLast: 2)
        case .standing(let kind): text = TUIKeymaps.standing(kind).footer(state.language, width: buffer.columns - 2, keepingLast: 2)
        case .login, .register: text = "ncod \(NcodVersion.current)"
        }
        buffer.put(" " + text, row: row, column: 0, style: .selected)
    }

    private static func help(_ state: TUIState, _ buffer: inout ScreenBuffer) {
        let lines: [String] =
            switch state.screen {
            case .standing(let kind): TUIKeymaps.standing(kind).helpLines(state.language)
            case .details: TUIKeymaps.details.helpLines(state.language)
            default: TUIKeymaps.devices.helpLines(state.language)
            }
        Panel.box([TerminalText.helpTitle.text(in: state.language)] + lines, in: &buffer)
    }
}
