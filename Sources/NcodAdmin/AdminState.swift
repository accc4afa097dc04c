import Foundation
import NcodCore
import NcodTerminal

/// Everything ncod-admin shows, as a value: the reducer changes it, the renderer draws it.
public struct AdminState: Equatable, Sendable {
    /// A section of the console, by name. Each section's file declares its own (`extension AdminState.Tab`); their order, in the tab
    /// bar and on the digit keys, is ``AdminSections/all``'s.
    public struct Tab: Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// The section's name.
        public let name: String

        /// The tab of the section called `name`.
        public init(_ name: String) { self.name = name }

        /// Every tab, in order.
        public static var allCases: [Tab] { AdminSections.all.map { $0.tab } }

        /// Its place in the tab bar, from 0.
        public var rawValue: Int { Self.allCases.firstIndex(of: self) ?? 0 }

        /// The tab at `rawValue`.
        public init?(rawValue: Int) {
            guard Self.allCases.indices.contains(rawValue) else { return nil }
            self = Self.allCases[rawValue]
        }

        /// Its name.
        public var description: String { name }
    }

    /// The lists a selection is kept for.
    public struct List: Hashable, Sendable {
        /// The section it is in.
        public let tab: Tab
        /// Its name within the section.
        public let name: String

        /// The list `name` of `tab`'s section.
        public init(_ tab: Tab, _ name: String) {
            self.tab = tab
            self.name = name
        }
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
    /// The reports section's period.
    public var reportRange = ReportRange.thisMonth
    /// The reports section's grouping.
    public var reportBy = UsageReport.Grouping.unit
    /// The report asked for last.
    public var reportRequest: ReportRequest?
    /// The report shown.
    public var report: UsageReport?
    /// The box over the screen, if any.
    public var modal: AdminModal?
    /// The help overlay is up.
    public var showingHelp = false
    /// The bottom line.
    public var status: StatusLine?
    /// The master cannot be reached (a banner is up; reconnecting by itself).
    public var connectionLost = false
    /// The master stopped letting this person use the console; everything it showed is gone and only quitting is left.
    public var refusal: AdminRefusal?
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

    /// The items of `list` now, in the order shown, by identifier: its section says.
    public func ids(_ list: List) -> [UUID] { AdminSections.section(list.tab).ids(list, self) }

    /// How many rows `list` has now.
    public func count(_ list: List) -> Int { ids(list).count }

    /// The list the arrows move in now: the section up says.
    public var activeList: List? { AdminSections.section(tab).activeList(self) }

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

    /// The selected item of `items`, shown as `list`.
    func pick<Item>(_ items: [Item], _ list: List) -> Item? {
        items.isEmpty ? nil : items[selected(list)]
    }
}
