import NcodCore
import NcodTerminal

/// What a key means in ncod-admin.
public enum AdminKeyAction: Sendable, Equatable {
    case up, down, pageUp, pageDown, top, bottom, nextTab, previousTab, tab(AdminState.Tab), refresh, help, quit
    case open, back, add, addTop, rename, disable, enable, remove, nickname, maxHold, tags
    case nextView, previousView, approve, reject, search, resetPassword, role, move
    case forceRelease, filter(AuditField), clearFilters, nextPage, previousPage, period, grouping, visibility
}

/// The keybindings of ncod-admin, as data: the footer and the help screen are made from these tables.
public enum AdminKeymaps {
    /// Moving around; every section has these.
    static let navigation: [KeyBinding<AdminKeyAction>] =
        [
            KeyBinding([.tab], AdminText.keyNextTab, .nextTab, inFooter: false),
            KeyBinding([.backTab], AdminText.keyPreviousTab, .previousTab, inFooter: false),
        ]
        + AdminState.Tab.allCases.map { tab in
            KeyBinding([.character(Character("\(tab.rawValue + 1)"))], AdminText.tab(tab), .tab(tab), inFooter: false)
        } + [
            KeyBinding([.up, .character("k")], TerminalText.keyUp, .up, inFooter: false),
            KeyBinding([.down, .character("j")], TerminalText.keyDown, .down, inFooter: false),
            KeyBinding([.pageUp], AdminText.keyPageUp, .pageUp, inFooter: false),
            KeyBinding([.pageDown], AdminText.keyPageDown, .pageDown, inFooter: false),
            KeyBinding([.home], TerminalText.keyFirst, .top, inFooter: false),
            KeyBinding([.end], TerminalText.keyLast, .bottom, inFooter: false),
            KeyBinding([.function(5)], TerminalText.keyRefresh, .refresh, inFooter: false),
            KeyBinding([.character("?")], TerminalText.keyHelp, .help, inFooter: false),  // the footer always ends with these two
            KeyBinding([.character("q"), .control("c")], TerminalText.keyQuit, .quit, inFooter: false),
        ]

    /// The keymap of what is on screen now: the section's own keys, then moving around.
    public static func current(_ state: AdminState) -> Keymap<AdminKeyAction> {
        Keymap(AdminSections.section(state.tab).bindings(state) + navigation)
    }
}
