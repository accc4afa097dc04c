import NcodCore
import NcodTerminal

/// What a key means in ncod-admin.
public enum AdminKeyAction: Sendable, Equatable {
    case up, down, pageUp, pageDown, top, bottom, nextTab, previousTab, tab(AdminState.Tab), refresh, help, quit
    case open, back, add, addTop, rename, disable, enable, remove, nickname, maxHold
    case nextView, previousView, approve, reject, search, resetPassword, role, move
    case forceRelease, filter(AuditField), clearFilters, nextPage, previousPage
}

/// The keybindings of ncod-admin, as data: the footer and the help screen are made from these tables.
public enum AdminKeymaps {
    /// Moving around; every section has these.
    static let navigation: [KeyBinding<AdminKeyAction>] = [
        KeyBinding([.tab], AdminText.keyNextTab, .nextTab, inFooter: false),
        KeyBinding([.backTab], AdminText.keyPreviousTab, .previousTab, inFooter: false),
        KeyBinding([.character("1")], AdminText.tabDashboard, .tab(.dashboard), inFooter: false),
        KeyBinding([.character("2")], AdminText.tabSlaves, .tab(.slaves), inFooter: false),
        KeyBinding([.character("3")], AdminText.tabPeople, .tab(.people), inFooter: false),
        KeyBinding([.character("4")], AdminText.tabOrganisation, .tab(.organisation), inFooter: false),
        KeyBinding([.character("5")], AdminText.tabLeases, .tab(.leases), inFooter: false),
        KeyBinding([.character("6")], AdminText.tabAudit, .tab(.audit), inFooter: false),
        KeyBinding([.up, .character("k")], AdminText.keyUp, .up, inFooter: false),
        KeyBinding([.down, .character("j")], AdminText.keyDown, .down, inFooter: false),
        KeyBinding([.pageUp], AdminText.keyPageUp, .pageUp, inFooter: false),
        KeyBinding([.pageDown], AdminText.keyPageDown, .pageDown, inFooter: false),
        KeyBinding([.home], AdminText.keyFirst, .top, inFooter: false),
        KeyBinding([.end], AdminText.keyLast, .bottom, inFooter: false),
        KeyBinding([.function(5)], AdminText.keyRefresh, .refresh, inFooter: false),
        KeyBinding([.character("?")], AdminText.keyHelp, .help, inFooter: false),  // the footer always ends with these two
        KeyBinding([.character("q"), .control("c")], AdminText.keyQuit, .quit, inFooter: false),
    ]

    /// The dashboard.
    public static let dashboard = Keymap(navigation)

    /// The slave list.
    public static let slaves = Keymap(
        [
            KeyBinding([.enter, .right], AdminText.keyDetails, .open),
            KeyBinding([.character("a")], AdminText.keyAddSlave, .add),
            KeyBinding([.character("r")], AdminText.keyRename, .rename),
            KeyBinding([.character("d")], AdminText.keyDisable, .disable, destructive: true),
            KeyBinding([.character("e")], AdminText.keyEnable, .enable),
            KeyBinding([.delete, .character("X")], AdminText.keyRemove, .remove, destructive: true),
        ] + navigation)

    /// One slave's details and devices.
    public static let slaveDetail = Keymap(
        [
            KeyBinding([.character("n")], AdminText.keyNickname, .nickname),
            KeyBinding([.character("h")], AdminText.keyMaxHold, .maxHold),
            KeyBinding([.escape, .left], AdminText.keyBack, .back),
        ] + navigation)

    /// What waits for approval: one row per person and computer.
    public static let requests = Keymap(
        [
            KeyBinding([.character("a")], AdminText.keyApprove, .approve),
            KeyBinding([.character("x")], AdminText.keyReject, .reject, destructive: true),
            KeyBinding([.right], AdminText.keyNextList, .nextView),
            KeyBinding([.left], AdminText.keyPreviousList, .previousView, inFooter: false),
        ] + navigation)

    /// Accounts.
    public static let users = Keymap(
        [
            KeyBinding([.character("/")], AdminText.keySearch, .search),
            KeyBinding([.character("d")], AdminText.keyDisable, .disable, destructive: true),
            KeyBinding([.character("e")], AdminText.keyEnable, .enable),
            KeyBinding([.character("p")], AdminText.keyResetPassword, .resetPassword, destructive: true),
            KeyBinding([.character("r")], AdminText.keyRole, .role),
            KeyBinding([.character("m")], AdminText.keyMoveUser, .move),
            KeyBinding([.right], AdminText.keyNextList, .nextView, inFooter: false),
            KeyBinding([.left], AdminText.keyPreviousList, .previousView, inFooter: false),
        ] + navigation)

    /// Machine bindings.
    public static let machines = Keymap(
        [
            KeyBinding([.character("a")], AdminText.keyApprove, .approve),
            KeyBinding([.character("x")], AdminText.keyRevoke, .reject, destructive: true),
            KeyBinding([.right], AdminText.keyNextList, .nextView, inFooter: false),
            KeyBinding([.left], AdminText.keyPreviousList, .previousView),
        ] + navigation)

    /// The organisation tree.
    public static let organisation = Keymap(
        [
            KeyBinding([.character("a")], AdminText.keyAddUnit, .add),
            KeyBinding([.character("A")], AdminText.keyAddOrganisation, .addTop),
            KeyBinding([.character("r")], AdminText.keyRename, .rename),
            KeyBinding([.character("m")], AdminText.keyMoveUnit, .move),
            KeyBinding([.delete, .character("X")], AdminText.keyRemove, .remove, destructive: true),
        ] + navigation)

    /// Active leases.
    public static let leases = Keymap(
        [KeyBinding([.character("f")], AdminText.keyForceRelease, .forceRelease, destructive: true)] + navigation)

    /// The audit log.
    public static let audit = Keymap(
        [
            KeyBinding([.enter], AdminText.keyDetails, .open, inFooter: false),
            KeyBinding([.character("p")], AdminText.filterPerson, .filter(.person)),
            KeyBinding([.character("v")], AdminText.filterDevice, .filter(.device)),
            KeyBinding([.character("s")], AdminText.filterSlave, .filter(.slave)),
            KeyBinding([.character("c")], AdminText.filterAction, .filter(.action)),
            KeyBinding([.character("t")], AdminText.filterSince, .filter(.since), inFooter: false),
            KeyBinding([.character("u")], AdminText.filterUntil, .filter(.until), inFooter: false),
            KeyBinding([.character("x")], AdminText.keyClearFilters, .clearFilters),
            KeyBinding([.character("n")], AdminText.keyNextPage, .nextPage),
            KeyBinding([.character("b")], AdminText.keyPreviousPage, .previousPage),
        ] + navigation)

    /// The keymap of what is on screen now.
    public static func current(_ state: AdminState) -> Keymap<AdminKeyAction> {
        switch state.tab {
        case .dashboard: dashboard
        case .slaves: state.slaveDetail == nil ? slaves : slaveDetail
        case .people:
            switch state.people {
            case .requests: requests
            case .users: users
            case .machines: machines
            }
        case .organisation: organisation
        case .leases: leases
        case .audit: audit
        }
    }
}
