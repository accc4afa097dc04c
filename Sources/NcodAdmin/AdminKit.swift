import Foundation
import NcodCore
import NcodTerminal

/// What the sections share: asking, confirming, refusing and running on the reducer's side, tables and headings on the renderer's.
enum AdminKit {
    // MARK: Questions and commands

    /// Puts a question with a text field up; the intent says what the answer does.
    static func ask(
        _ intent: AdminIntent, _ title: Message, _ lines: [Message] = [], text: String = "", required: Bool = true, _ state: inout AdminState
    ) {
        let language = state.language
        state.modal = .input(
            intent: intent, title: title.text(in: language), lines: lines.map { $0.text(in: language) }, text: text, required: required)
    }

    /// Puts a yes-or-no question up.
    static func confirm(_ intent: AdminIntent, _ title: Message, _ lines: [Message], _ state: inout AdminState) {
        let language = state.language
        state.modal = .confirm(intent: intent, title: title.text(in: language), lines: lines.map { $0.text(in: language) })
    }

    /// Says why nothing is done.
    static func refuse(_ message: Message, _ state: inout AdminState) -> [AdminEffect] {
        state.status = StatusLine(message.text(in: state.language), isError: true)
        return []
    }

    /// Runs `command` on the master, saying so meanwhile.
    static func run(_ command: AdminCommand, _ state: inout AdminState) -> [AdminEffect] {
        state.status = StatusLine(AdminText.working.text(in: state.language), isProgress: true)
        return [.run(command)]
    }

    /// Every project department, by its whole path.
    static func departmentOptions(_ state: AdminState) -> [AdminModal.Option] {
        state.units.filter { $0.node.kind == .department }.map { AdminModal.Option(value: $0.node.id.uuidString, label: $0.path) }
    }

    /// The active leases on `slave`'s devices.
    static func leases(on slave: UUID, _ state: AdminState) -> [LeaseView] {
        let devices = Set(state.data.devices.filter { $0.device.slaveID == slave }.map(\.id))
        return state.data.leases.filter { devices.contains($0.deviceID) }
    }

    /// A device's name as people know it.
    static func deviceName(_ id: UUID, _ state: AdminState) -> String? {
        state.data.devices.first { $0.id == id }.map { $0.device.nickname ?? $0.device.product ?? $0.device.vidPid }
    }

    /// `张伟 (zhang.wei)` for an account id, from what the master said last.
    static func userName(_ id: UUID, _ state: AdminState) -> String {
        state.data.users.first { $0.id == id }.map { "\($0.displayName) (\($0.username))" } ?? ""
    }

    // MARK: Drawing

    /// A column: heading and width (the last column takes what is left).
    typealias Column = (title: Message, width: Int)

    /// A list with a header, the selected row marked and kept in view.
    static func table(
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

    /// A section's heading.
    static func heading(_ text: String, _ buffer: inout ScreenBuffer, row: Int) {
        buffer.put(text, row: row, column: 1, style: .strong)
    }

    /// The project department's own name (the whole path is in the organisation section).
    static func department(_ user: UserProfile) -> String { user.orgUnitPath.last?.name ?? "—" }
}
