import Foundation

/// Where screens are shown and keys come from: curses for people, an in-memory grid for tests.
public protocol Terminal: AnyObject {
    /// Rows and columns now.
    var size: (rows: Int, columns: Int) { get }
    /// Whether colours may be used (a colour terminal, and `NO_COLOR` unset).
    var colors: Bool { get }
    /// Shows `buffer`.
    func draw(_ buffer: ScreenBuffer)
    /// The next key, or `nil` when none came within `milliseconds`.
    func readKey(timeout milliseconds: Int) -> Key?
    /// Whether the terminal has gone (its window closed, its connection dropped) and no key will come again: the program ends
    /// instead of asking it for keys forever.
    var hungUp: Bool { get }
    /// Restores the terminal.
    func shutdown()
    /// Rings the terminal's bell (something happened that the user waited for).
    func bell()
}

/// A terminal in memory: a fixed-size grid, keys fed by the test, every frame kept.
public final class HeadlessTerminal: Terminal {
    /// Rows and columns.
    public var size: (rows: Int, columns: Int)
    /// Whether colours are claimed.
    public var colors: Bool
    /// Keys still to be read.
    public var pendingKeys: [Key]
    /// The last frame drawn.
    public private(set) var screen: ScreenBuffer
    /// How many frames were drawn.
    public private(set) var frames = 0
    /// Whether the test has taken the terminal away.
    public var hungUp = false

    /// An `rows`×`columns` terminal (80×24 by default) that will type `keys`.
    public init(rows: Int = 24, columns: Int = 80, keys: [Key] = [], colors: Bool = false) {
        size = (rows, columns)
        self.colors = colors
        pendingKeys = keys
        screen = ScreenBuffer(rows: rows, columns: columns)
    }

    /// Keeps the frame.
    public func draw(_ buffer: ScreenBuffer) {
        screen = buffer
        frames += 1
    }

    /// The next typed key; when none is left, waits a little (at most 10 ms) and returns `nil`, as a real terminal would.
    public func readKey(timeout milliseconds: Int) -> Key? {
        if pendingKeys.isEmpty {
            usleep(UInt32(min(milliseconds, 10)) * 1000)
            return nil
        }
        return pendingKeys.removeFirst()
    }

    /// Nothing to restore.
    public func shutdown() {}

    /// How often the bell rang.
    public private(set) var bells = 0

    /// Counts the bell.
    public func bell() { bells += 1 }

    /// The last frame as text, one line per row (trailing spaces trimmed).
    public var text: String { screen.lines.joined(separator: "\n") }
}
