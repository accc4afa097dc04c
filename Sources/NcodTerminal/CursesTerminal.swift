import CNcurses
import Foundation

/// The real terminal, through ncursesw: wide characters, colours with a monochrome fallback and `NO_COLOR`, resize,
/// and only changed rows redrawn.
public final class CursesTerminal: Terminal {
    private var previous: ScreenBuffer?
    /// Whether colours are in use.
    public private(set) var colors = false

    /// Takes over the terminal; restore it with ``shutdown()``.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        TextWidth.prepareLocale()
        initscr()
        cbreak()
        noecho()
        keypad(ncod_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        if has_colors(), environment["NO_COLOR"].map({ $0.isEmpty }) ?? true {
            start_color()
            use_default_colors()
            for color in Style.Color.allCases { init_pair(Int16(color.rawValue), Int16(Self.cursesColor(color)), -1) }
            colors = true
        }
        refresh()
    }

    /// Rows and columns now.
    public var size: (rows: Int, columns: Int) { (Int(ncod_lines()), Int(ncod_cols())) }

    /// Draws the rows that changed since the last frame.
    public func draw(_ buffer: ScreenBuffer) {
        let redrawAll = previous.map { $0.rows != buffer.rows || $0.columns != buffer.columns } ?? true
        if redrawAll { clear() }
        for row in 0..<buffer.rows {
            if !redrawAll, let previous, (0..<buffer.columns).allSatisfy({ previous[row, $0] == buffer[row, $0] }) { continue }
            for run in buffer.runs(row: row) {
                var wide = run.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                wide.append(0)
                _ = ncod_put(Int32(row), Int32(run.column), wide, attributes(run.style))
            }
        }
        previous = buffer
        refresh()
    }

    /// Whether the terminal has gone: its input hung up (the window was closed or the connection dropped while the shell that
    /// started the program did not pass the hang-up on). curses then answers every read at once with nothing.
    public private(set) var hungUp = false

    /// The next key within `milliseconds`.
    public func readKey(timeout milliseconds: Int) -> Key? {
        timeout(Int32(milliseconds))
        var character: wint_t = 0
        let result = get_wch(&character)
        if result == ERR {
            if Self.inputHungUp() { hungUp = true }
            return nil
        }
        if result == KEY_CODE_YES { return Self.special(Int32(character)) }
        switch character {
        case 10, 13: return .enter
        case 27: return escapeSequence()
        case 9: return .tab
        case 127, 8: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(UInt8(character) + 96)))
        default:
            guard let scalar = UnicodeScalar(UInt32(character)) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Escape alone, or a key sent as an escape sequence curses did not decode (see ``EscapeSequence``); `nil` for Alt+key and
    /// sequences that mean nothing here, so their bytes never arrive as separate keys.
    private func escapeSequence() -> Key? {
        func next() -> Character? {
            timeout(25)
            var character: wint_t = 0
            guard get_wch(&character) == OK, let scalar = UnicodeScalar(UInt32(character)) else { return nil }
            return Character(scalar)
        }
        guard let introducer = next() else { return .escape }
        guard introducer == "[" || introducer == "O" else { return nil }
        var body = String(introducer)
        for _ in 0..<8 {
            guard let character = next() else { return nil }
            let final = EscapeSequence.isFinal(character, after: body)
            body.append(character)
            if final { return EscapeSequence.key(body) }
        }
        return nil
    }

    /// Restores the terminal.
    public func shutdown() { endwin() }

    /// Whether standard input reports a hang-up or an error without waiting (a terminal that is gone does, at every poll).
    private static func inputHungUp() -> Bool {
        var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&input, 1, 0) > 0 else { return false }
        return input.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Rings the bell (curses flashes the screen where there is none).
    public func bell() { _ = beep() }

    private func attributes(_ style: Style) -> Int32 {
        var value = ncod_a_normal()
        if style.bold { value |= ncod_a_bold() }
        if style.reverse { value |= ncod_a_reverse() }
        if style.dim { value |= ncod_a_dim() }
        if style.underline { value |= ncod_a_underline() }
        if colors, let color = style.color {
            value |= ncod_color_pair(Int32(color.rawValue))
        } else if style.color != nil, !style.reverse {
            value |= ncod_a_bold()  // monochrome: coloured text stands out by weight instead
        }
        return value
    }

    private static func cursesColor(_ color: Style.Color) -> Int32 {
        switch color {
        case .red: COLOR_RED
        case .green: COLOR_GREEN
        case .yellow: COLOR_YELLOW
        case .blue: COLOR_BLUE
        case .magenta: COLOR_MAGENTA
        case .cyan: COLOR_CYAN
        }
    }

    private static func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_NPAGE: .pageDown
        case KEY_PPAGE: .pageUp
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BTAB: .backTab
        case KEY_RESIZE: .resize
        default:
            (1...12).first { ncod_key_f(Int32($0)) == code }.map { .function($0) }
        }
    }
}
