import Foundation
import NcodCore
import NcodTerminal

/// Everything ncod-admin shows, as a value: the reducer changes it, the renderer draws it.
public struct AdminState: Equatable, Sendable {
    /// The console's sections, in the order of the tab bar (keys 1–6).
    public enum Tab: Int, Equatable, Sendable, CaseIterable {
        /// Figures and recent alerts.
        case dashboard
        /// The fleet.
        case slaves
        /// Approvals, accounts, machine bindings.
        case people
        /// The organisation tree.
        case organisation
        /// Active leases.
        case leases
        /// The audit log.
        case audit
    }

    /// The three lists of the people section (←/→ switches).
    public enum PeopleView: Int, Equatable, Sendable, CaseIterable {
        /// What waits for approval: one row per person and computer.
        case requests
        /// Every other account.
        case users
        /// Machine bindings.
        case machines
    }

    /// The lists a selection is kept for.
    public enum List: Hashable, Sendable {
        case slaves, slaveDevices, requests, users, machines, organisation, leases, audit
    }

    /// The selected row of a list: the item, so that the cursor stays on it when rows arrive or leave above it, and its place, for
    /// when the item itself leaves.
    public struct Selection: Equatable, Sendable {
        /// The selected item's identifier.
        public var id: UUID?
        /// Its place when selected.
        public var index: Int
    }

    /// The language every text is shown in.
    public var language: Language
    /// The master's URL (shown on the login screen).
    public var masterURL: String
    /// The time zone times are shown in.
    public var timeZone: TimeZone
    /// The clock the screen shows ages against (ticks every second).
    public var now: Date
    /// The login form.
    public var login: LoginForm
    /// The administrator logged in; `nil` on the login screen.
    public var profile: UserProfile?
    /// The section up now.
    public var tab = Tab.dashboard
    /// What the master said last.
    public var data = AdminSnapshot.empty
    /// When it said so (by the console's clock).
    public var loadedAt: Date?
    /// How old the slaves' "last report" may grow on screen before the console asks again: heartbeats move it every few seconds
    /// without a change event.
    public static let freshness: TimeInterval = 5
    /// The selected row of each list.
    public var selection: [List: Selection] = [:]
    /// The slave whose details are up, within the slaves section.
    public var slaveDetail: UUID?
    /// The list up in the people section.
    public var people = PeopleView.requests
    /// The account search text.
    public var search = ""
    /// Typing goes to the search field.
    public var searching = false
    /// The audit page shown.
    public var audit: AuditPage?
    /// The audit filters and page asked for.
    public var auditQuery = AuditQuery(limit: AdminState.auditPageSize)
    /// The box over the screen, if any.
    public var modal: AdminModal?
    /// The help overlay is up.
    public var showingHelp = false
    /// The bottom line.
    public var status: StatusLine?
    /// The master cannot be reached (a banner is up; reconnecting by itself).
    public var connectionLost = false
    /// The program should end.
    public var finished = false

    /// Audit rows per page.
    public static let auditPageSize = 100

    /// A fresh state on the login screen.
    public init(language: Language, masterURL: String, username: String = "", timeZone: TimeZone = .current, now: Date = Date()) {
        self.language = language
        self.masterURL = masterURL
        self.timeZone = timeZone
        self.now = now
        self.login = LoginForm(username: username)
    }

    /// What waits for approval, oldest first.
    public var requests: [JoinRequest] { data.requests }

    /// Every other account matching the search, by username.
    public var visibleUsers: [UserProfile] {
        let needle = search.lowercased()
        return data.users.filter { user in
            guard user.status != .pending else { return false }
            guard !needle.isEmpty else { return true }
            let text = [user.username, user.displayName, user.contact] + user.orgUnitPath.map(\.name)
            return text.contains { $0.lowercased().contains(needle) }
        }
    }

    /// Machine bindings: waiting ones first, then approved, each by username.
    public var machines: [BindingView] {
        data.bindings.sorted { ($0.status != .pending ? 1 : 0, $0.username) < ($1.status != .pending ? 1 : 0, $1.username) }
    }

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

    /// The devices of `slave`, present ones first, by address.
    public func devices(of slave: UUID) -> [DeviceView] {
        data.devices.filter { $0.device.slaveID == slave }.sorted {
            ($0.device.present ? 0 : 1, $0.device.vhAddress) < ($1.device.present ? 0 : 1, $1.device.vhAddress)
        }
    }

    /// The items of `list` now, in the order shown, by identifier.
    public func ids(_ list: List) -> [UUID] {
        switch list {
        case .slaves: data.slaves.map(\.id)
        case .slaveDevices: slaveDetail.map { devices(of: $0).map(\.id) } ?? []
        case .requests: requests.map(\.id)
        case .users: visibleUsers.map(\.id)
        case .machines: machines.map(\.id)
        case .organisation: units.map(\.node.id)
        case .leases: data.leases.map(\.id)
        case .audit: audit?.events.map(\.id) ?? []
        }
    }

    /// How many rows `list` has now.
    public func count(_ list: List) -> Int { ids(list).count }

    /// The list the arrows move in now.
    public var activeList: List? {
        switch tab {
        case .dashboard: nil
        case .slaves: slaveDetail == nil ? .slaves : .slaveDevices
        case .people:
            switch people {
            case .requests: .requests
            case .users: .users
            case .machines: .machines
            }
        case .organisation: .organisation
        case .leases: .leases
        case .audit: .audit
        }
    }

    /// The selected row of `list`: where its item is now, or, when the item has gone, the same place kept within the list.
    public func selected(_ list: List) -> Int {
        let ids = ids(list)
        guard let chosen = selection[list] else { return 0 }
        if let id = chosen.id, let index = ids.firstIndex(of: id) { return index }
        return max(0, min(ids.count - 1, chosen.index))
    }

    /// Selects row `index` of `list` (kept within the list).
    public mutating func select(_ list: List, index: Int) {
        let ids = ids(list)
        let index = max(0, min(ids.count - 1, index))
        selection[list] = Selection(id: ids.isEmpty ? nil : ids[index], index: index)
    }

    /// The selected slave.
    public var selectedSlave: SlaveView? { pick(data.slaves, .slaves) }
    /// The selected device of the slave whose details are up.
    public var selectedDevice: DeviceView? { slaveDetail.flatMap { pick(devices(of: $0), .slaveDevices) } }
    /// The selected request.
    public var selectedRequest: JoinRequest? { pick(requests, .requests) }
    /// The selected account.
    public var selectedUser: UserProfile? { pick(visibleUsers, .users) }
    /// The selected machine binding.
    public var selectedMachine: BindingView? { pick(machines, .machines) }
    /// The selected unit.
    public var selectedUnit: UnitRow? { pick(units, .organisation) }
    /// The selected lease.
    public var selectedLease: LeaseView? { pick(data.leases, .leases) }

    private func pick<Item>(_ items: [Item], _ list: List) -> Item? {
        items.isEmpty ? nil : items[selected(list)]
    }
}
