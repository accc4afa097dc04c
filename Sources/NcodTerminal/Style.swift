/// How a cell looks. Colours degrade to attributes on a monochrome terminal and under `NO_COLOR`.
public struct Style: Hashable, Sendable {
    /// A foreground colour.
    public enum Color: Int, Hashable, Sendable, CaseIterable {
        /// Errors, offline.
        case red = 1
        /// Free, success.
        case green
        /// Warnings, pending.
        case yellow
        /// Headings.
        case blue
        /// Mine.
        case magenta
        /// Selection accents.
        case cyan
    }

    /// Bold.
    public var bold = false
    /// Reverse video (selection, bars).
    public var reverse = false
    /// Dim.
    public var dim = false
    /// Underlined.
    public var underline = false
    /// Foreground colour.
    public var color: Color?

    /// A style.
    public init(bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false, color: Color? = nil) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.color = color
    }

    /// No attributes.
    public static let normal = Style()
    /// Bold.
    public static let strong = Style(bold: true)
    /// Reverse video.
    public static let selected = Style(reverse: true)
    /// Dim.
    public static let faint = Style(dim: true)
}
