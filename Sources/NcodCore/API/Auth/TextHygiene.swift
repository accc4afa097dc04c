/// What free text people type, or slaves report, may hold: no control characters (C0, DEL, C1), no format characters (zero-width
/// spaces and joiners, bidirectional overrides and isolates, soft hyphens), no line or paragraph separators. Such characters move
/// a terminal's cursor, change its colours, reorder what is shown or make two names look alike.
public enum TextHygiene {
    /// Whether `scalar` is one of the characters free text may not hold.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        // Printable ASCII, nearly all of what slaves report, needs no look-up in the Unicode tables.
        if (0x20..<0x7f).contains(scalar.value) { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Whether `text` holds a refused character.
    public static func isUnclean(_ text: String) -> Bool { text.unicodeScalars.contains(where: isRefused) }

    /// `text` without refused characters (what the master keeps of what slaves report).
    public static func stripped(_ text: String) -> String {
        if text.utf8.allSatisfy({ (0x20..<0x7f).contains($0) }) { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isRefused($0) })
        return String(scalars)
    }

    /// The one form a typed value is checked and stored in: white space trimmed from both ends (and nothing else changed).
    public static func canonical(_ text: String) -> String {
        var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
