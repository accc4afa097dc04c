import NcodTerminal

/// What a key means on the device screens.
public enum ListCommand: Sendable, Equatable {
    case up, down, pageUp, pageDown, top, bottom, connect, disconnect, extend, wait, search, toggleFree, toggleMine, toggleAll, sort, details,
        back, refresh, help, quit
}

/// What a key means on a waiting or refused screen.
public enum StandingCommand: Sendable, Equatable {
    case check, back, help, quit
}

/// The keybindings of ncod-tui, as data: the footer and the help screen are made from these tables.
public enum TUIKeymaps {
    /// The device list and "my devices".
    public static let devices = Keymap<ListCommand>([
        KeyBinding([.up, .character("k")], TerminalText.keyUp, .up, inFooter: false),
        KeyBinding([.down, .character("j")], TerminalText.keyDown, .down, inFooter: false),
        KeyBinding([.pageUp], TUIText.keyPageUp, .pageUp, inFooter: false),
        KeyBinding([.pageDown], TUIText.keyPageDown, .pageDown, inFooter: false),
        KeyBinding([.home], TerminalText.keyFirst, .top, inFooter: false),
        KeyBinding([.end], TerminalText.keyLast, .bottom, inFooter: false),
        KeyBinding([.enter], TUIText.keyConnect, .connect),
        KeyBinding([.character("d")], TUIText.keyDisconnect, .disconnect),
        KeyBinding([.character("x")], TUIText.keyExtend, .extend, inFooter: false),
        KeyBinding([.character("w")], TUIText.keyWait, .wait, inFooter: false),
        KeyBinding([.character("/")], TerminalText.keySearch, .search),
        KeyBinding([.character("f")], TUIText.keyFree, .toggleFree),
        KeyBinding([.character("m")], TUIText.keyMine, .toggleMine),
        KeyBinding([.character("a")], TUIText.keyAll, .toggleAll, inFooter: false),
        KeyBinding([.character("s")], TUIText.keySort, .sort),
        KeyBinding([.character("i"), .right], TerminalText.keyDetails, .details, inFooter: false),
        KeyBinding([.character("r")], TerminalText.keyRefresh, .refresh, inFooter: false),
        KeyBinding([.character("?")], TerminalText.keyHelp, .help),
        KeyBinding([.character("q"), .control("c")], TerminalText.keyQuit, .quit),
    ])

    /// Waiting for an administrator.
    public static let standing = Keymap<StandingCommand>([
        KeyBinding([.character("r")], TUIText.keyCheckNow, .check),
        KeyBinding([.escape], TUIText.keyOtherLogin, .back),
        KeyBinding([.character("?")], TerminalText.keyHelp, .help),
        KeyBinding([.character("q"), .control("c")], TerminalText.keyQuit, .quit),
    ])

    /// Refused (rejected, disabled, this computer refused): nothing to check again until an administrator acts.
    public static let refused = Keymap<StandingCommand>(standing.bindings.filter { $0.action != .check })

    /// The keys of the standing screen for `kind`.
    public static func standing(_ kind: StandingKind) -> Keymap<StandingCommand> { kind.waits ? standing : refused }

    /// One device's details.
    public static let details = Keymap<ListCommand>([
        KeyBinding([.enter], TUIText.keyConnect, .connect),
        KeyBinding([.character("d")], TUIText.keyDisconnect, .disconnect),
        KeyBinding([.character("x")], TUIText.keyExtend, .extend, inFooter: false),
        KeyBinding([.character("w")], TUIText.keyWait, .wait, inFooter: false),
        KeyBinding([.escape, .left], TerminalText.keyBack, .back),
        KeyBinding([.character("?")], TerminalText.keyHelp, .help),
        KeyBinding([.character("q"), .control("c")], TerminalText.keyQuit, .quit),
    ])
}
