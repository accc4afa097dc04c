import Foundation
import NcodClient
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// The organisation tree.
    public static let organisation = Self("organisation")
}

extension AdminState.List {
    /// The organisation tree, depth first.
    public static let organisation = Self(.organisation, "units")
}

extension AdminState {
    /// One row of the organisation tree as the screen lists it.
    public struct UnitRow: Equatable, Sendable {
        /// The unit.
        public var node: OrgUnitNode
        /// 0 for an organisation, 1 for a company, 2 for a department.
        public var depth: Int
        /// `organisation / company / department`.
        public var path: String
    }

    /// The organisation tree, depth first.
    public var units: [UnitRow] {
        var rows: [UnitRow] = []
        func walk(_ node: OrgUnitNode, _ depth: Int, _ prefix: String) {
            let path = prefix.isEmpty ? node.name : prefix + " / " + node.name
            rows.append(UnitRow(node: node, depth: depth, path: path))
            for child in node.children { walk(child, depth + 1, path) }
        }
        for root in data.organisation { walk(root, 0, "") }
        return rows
    }

    /// The selected unit.
    public var selectedUnit: UnitRow? { pick(units, .organisation) }
}

/// The organisation section: organisations, their companies and the companies' project departments.
enum OrganisationSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.organisation
    /// Its name in the tab bar.
    static let title = AdminText.tabOrganisation

    /// The tree's keys.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] {
        [
            KeyBinding([.character("a")], AdminText.keyAddUnit, .add),
            KeyBinding([.character("A")], AdminText.keyAddOrganisation, .addTop),
            KeyBinding([.character("r")], AdminText.keyRename, .rename),
            KeyBinding([.character("m")], AdminText.keyMoveUnit, .move),
            KeyBinding([.delete, .character("X")], AdminText.keyRemove, .remove, destructive: true),
        ]
    }

    /// The tree.
    static func activeList(_ state: AdminState) -> AdminState.List? { .organisation }

    /// The units, depth first.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] { state.units.map(\.node.id) }

    /// What a key does to the selected unit.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        switch command {
        case .add:
            guard let row = state.selectedUnit else { return act(.addTop, &state) }
            switch row.node.kind {
            case .organisation: add(parent: row.node.id, kind: .company, row.path, &state)
            case .company: add(parent: row.node.id, kind: .department, row.path, &state)
            case .department: return AdminKit.refuse(AdminText.departmentIsLeaf, &state)
            }
        case .addTop:
            add(parent: nil, kind: .organisation, "", &state)
        case .rename:
            guard let row = state.selectedUnit else { return [] }
            let id = row.node.id
            AdminKit.ask(
                AdminIntent("renameUnit", id) { answer, state in AdminKit.run(.updateUnit(id, OrgUnitChange(name: answer)), &state) },
                AdminText.renameUnitTitle(row.path), [], text: row.node.name, &state)
        case .move:
            guard let row = state.selectedUnit else { return [] }
            guard let parentKind = row.node.kind.parentKind else { return AdminKit.refuse(AdminText.organisationIsTop, &state) }
            let parents = state.units.filter { $0.node.kind == parentKind && !$0.node.children.contains { $0.id == row.node.id } }
            guard !parents.isEmpty else { return AdminKit.refuse(AdminText.nowhereToMove, &state) }
            let id = row.node.id
            let intent = AdminIntent("moveUnit", id) { answer, state in
                guard let parent = UUID(uuidString: answer) else { return [] }
                return AdminKit.run(.updateUnit(id, OrgUnitChange(parentID: parent)), &state)
            }
            state.modal = .choice(
                intent: intent, title: AdminText.moveUnitTitle(row.path).text(in: state.language),
                options: parents.map { AdminModal.Option(value: $0.node.id.uuidString, label: $0.path) }, index: 0)
        case .remove:
            guard let row = state.selectedUnit else { return [] }
            let id = row.node.id
            AdminKit.confirm(
                AdminIntent("removeUnit", id) { _, state in AdminKit.run(.deleteUnit(id), &state) }, AdminText.removeUnitTitle(row.path),
                [AdminText.removeUnitText, AdminText.yesNo], &state)
        default:
            break
        }
        return []
    }

    /// Asks for the name of a new unit of `kind` under `parent` (at `path`).
    private static func add(parent: UUID?, kind: OrgUnit.Kind, _ path: String, _ state: inout AdminState) {
        AdminKit.ask(
            AdminIntent("addUnit", parent) { answer, state in
                AdminKit.run(.createUnit(OrgUnitChange(name: answer, kind: kind, parentID: parent)), &state)
            }, AdminText.addUnitTitle(kind, path), [], &state)
    }

    /// The tree, depth first, with each department's number of people.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        AdminKit.heading(AdminText.tabOrganisation.text(in: language), &buffer, row: top)
        let units = state.units
        let members = Dictionary(grouping: state.data.users.compactMap { $0.orgUnitPath.last?.id }, by: { $0 }).mapValues(\.count)
        AdminKit.table(
            [(TerminalText.name, 44), (AdminText.kind, 18), (AdminText.tabPeople, 0)],
            units.map { row in
                let branch = row.depth == 0 ? "" : String(repeating: "  ", count: row.depth - 1) + "└ "
                return [
                    branch + row.node.name, AdminText.unitKind(row.node.kind).text(in: language),
                    row.node.kind == .department ? "\(members[row.node.id] ?? 0)" : "",
                ]
            }, selected: units.isEmpty ? nil : state.selected(.organisation), language, &buffer, top: top + 1, bottom: bottom,
            empty: AdminText.noUnits)
    }
}

extension AdminCommand {
    /// Add an organisation, company or department.
    static func createUnit(_ change: OrgUnitChange) -> AdminCommand {
        AdminCommand("createUnit", [change]) { api in
            _ = try await api.createOrgUnit(change)
        } result: { _ in
            let name = change.name ?? ""
            return Message("\(name) added.", zh: "\(name) 已添加。")
        }
    }

    /// Rename or move a unit.
    static func updateUnit(_ id: UUID, _ change: OrgUnitChange) -> AdminCommand {
        AdminCommand("updateUnit", [id, change]) { api in
            _ = try await api.updateOrgUnit(id, change)
        } result: { state in
            let path = unitPath(id, state)
            return Message("\(path) saved.", zh: "\(path) 已保存。")
        }
    }

    /// Remove an empty unit.
    static func deleteUnit(_ id: UUID) -> AdminCommand {
        AdminCommand("deleteUnit", [id]) { api in
            try await api.deleteOrgUnit(id)
        } result: { state in
            let path = unitPath(id, state)
            return Message("\(path) removed.", zh: "\(path) 已删除。")
        }
    }

    private static func unitPath(_ id: UUID, _ state: AdminState) -> String { state.units.first { $0.node.id == id }?.path ?? "" }
}
