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
        if let refusal = state.refusal {
            refused(refusal, state.language, &buffer)
            return buffer
        }
        var top = 1
        if state.profile != nil {
            tabBar(state, &buffer, row: 1)
            top = 2
        }
        if state.connectionLost {
            buffer.fill(row: top, style: Style(reverse: true, color: .red))
            buffer.put(
                " " + TerminalText.connectionLost.text(in: state.language), row: top, column: 0, style: Style(bold: true, reverse: true, color: .red))
            top += 1
        }
        let bottom = rows - 2
        if state.profile == nil {
            login(state, &buffer, top: top)
        } else {
            AdminSections.section(state.tab).render(state, &buffer, top: top, bottom: bottom)
        }
        state.status?.draw(on: &buffer, row: rows - 2)
        footer(state, &buffer, row: rows - 1)
        if let modal = state.modal { draw(modal, state.language, &buffer) }
        if state.showingHelp { help(state, &buffer) }
        return buffer
    }

    // MARK: Frame

    /// The whole screen when the master stopped letting the person in: why, what to do, and how to leave.
    private static func refused(_ refusal: AdminRefusal, _ language: Language, _ buffer: inout ScreenBuffer) {
        buffer.put(" " + refusal.title.text(in: language), row: 2, column: 1, style: Style(bold: true, color: .red))
        var row = 4
        for line in refusal.explanation.flatMap({ Panel.wrap($0.text(in: language), width: buffer.columns - 4) }) where row < buffer.rows - 2 {
            buffer.put(line, row: row, column: 2)
            row += 1
        }
        buffer.fill(row: buffer.rows - 1, style: .selected)
        buffer.put(" q " + TerminalText.keyQuit.text(in: language), row: buffer.rows - 1, column: 0, style: .selected)
    }

    private static func titleBar(_ state: AdminState, _ buffer: inout ScreenBuffer) {
        buffer.fill(row: 0, style: .selected)
        buffer.put(" " + AdminText.title.text(in: state.language), row: 0, column: 0, style: Style(bold: true, reverse: true))
        let right = state.profile.map { "\($0.displayName) (\($0.username)) · \(state.masterURL) " } ?? "\(state.masterURL) "
        buffer.put(right, row: 0, column: max(0, buffer.columns - TextWidth.columns(right)), style: .selected)
    }

    private static func tabBar(_ state: AdminState, _ buffer: inout ScreenBuffer, row: Int) {
        let labels = AdminState.Tab.allCases.map { tab in
            let section = AdminSections.section(tab)
            return "\(tab.rawValue + 1) " + section.title.text(in: state.language) + (section.badge(state).map { " " + $0 } ?? "")
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
            let always = "? " + TerminalText.keyHelp.text(in: state.language) + "  q " + TerminalText.keyQuit.text(in: state.language)
            let keys = AdminKeymaps.current(state).footer(state.language, width: buffer.columns - 13 - TextWidth.columns(always))
            text = "1-\(AdminState.Tab.allCases.count)/Tab  " + (keys.isEmpty ? "" : keys + "  ") + always
        }
        buffer.put(" " + text, row: row, column: 0, style: .selected)
    }

    // MARK: Login

    private static func login(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int) {
        let language = state.language
        buffer.put(AdminText.loginTitle.text(in: language), row: top + 1, column: 4, style: .strong)
        let fields: [(Message, String, Bool)] = [
            (TerminalText.master, state.masterURL, false),
            (TerminalText.username, state.login.username, state.login.field == .username),
            (TerminalText.password, String(repeating: "•", count: state.login.password.count), state.login.field == .password),
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
        Panel.box([TerminalText.helpTitle.text(in: state.language)] + lines, in: &buffer)
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
