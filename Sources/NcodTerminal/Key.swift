/// A key press, as screens see it; curses codes become these at the terminal boundary.
public enum Key: Hashable, Sendable {
    /// A printable character (Chinese included, from wide-character input).
    case character(Character)
    /// Ctrl and a letter.
    case control(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Enter / Return.
    case enter
    /// Escape.
    case escape
    /// Backspace.
    case backspace
    /// Delete.
    case delete
    /// Tab.
    case tab
    /// Shift-Tab.
    case backTab
    /// Page up.
    case pageUp
    /// Page down.
    case pageDown
    /// Home.
    case home
    /// End.
    case end
    /// A function key, F1…F12.
    case function(Int)
    /// The terminal changed size.
    case resize

    /// The name shown in the footer and the help screen.
    public var name: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let character): "Ctrl-\(character.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .function(let number): "F\(number)"
        case .resize: "Resize"
        }
    }
}
