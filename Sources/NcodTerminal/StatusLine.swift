/// The line above the footer: progress, a result, or an error.
public struct StatusLine: Equatable, Sendable {
    /// The text.
    public var text: String
    /// An error (shown in red).
    public var isError: Bool
    /// Work in progress (shown with a spinner).
    public var isProgress: Bool

    /// Creates a status line.
    public init(_ text: String, isError: Bool = false, isProgress: Bool = false) {
        self.text = text
        self.isError = isError
        self.isProgress = isProgress
    }

    /// The most rows a message takes; it grows upwards from its row.
    public static let maximumRows = 3

    /// Draws it ending on `row`: `✓`, `✗` or `⟳` first, in green, red or cyan. A message wider than the screen wraps onto the rows
    /// above (up to ``maximumRows``) instead of being cut.
    public func draw(on buffer: inout ScreenBuffer, row: Int) {
        let prefix = isProgress ? "⟳ " : (isError ? "✗ " : "✓ ")
        let style = Style(bold: isError, color: isError ? .red : (isProgress ? .cyan : .green))
        let lines = Array(Panel.wrap(text, width: max(10, buffer.columns - 4)).prefix(Self.maximumRows))
        let first = max(0, row - lines.count + 1)
        for (offset, line) in lines.enumerated() {
            buffer.fill(row: first + offset, style: .normal)
            buffer.put((offset == 0 ? " " + prefix : "   ") + line, row: first + offset, column: 0, style: style)
        }
    }
}
