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

    /// Draws it on `row`: `✓`, `✗` or `⟳` first, in green, red or cyan.
    public func draw(on buffer: inout ScreenBuffer, row: Int) {
        let prefix = isProgress ? "⟳ " : (isError ? "✗ " : "✓ ")
        buffer.put(" " + prefix + text, row: row, column: 0, style: Style(bold: isError, color: isError ? .red : (isProgress ? .cyan : .green)))
    }
}
