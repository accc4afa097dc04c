/// The few text operations ncod needs that would otherwise come from Foundation's internationalisation (`String(format:)`,
/// `trimmingCharacters(in:)`, `CharacterSet`): NcodCore and the slave daemon link only FoundationEssentials, so that the daemon's
/// binary carries no ICU data.
public enum PlainText {
    /// `bytes` as hex digits, two per byte, joined by `separator` (`"ab:0f"`).
    public static func hex(_ bytes: some Sequence<UInt8>, uppercase: Bool = false, separator: String = "") -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        for byte in bytes {
            if !out.isEmpty { out.append(contentsOf: separator.utf8) }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` in lower-case hex, padded with zeros to `width` digits (`"%04x"`).
    public static func hex(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `numerator / denominator` rounded half up to `places` decimals, always written with them (`5400 / 3600` → "1.50"), from
    /// whole numbers so that no binary fraction decides a rounding. Both must be ≥ 0, the denominator > 0.
    public static func decimal(_ numerator: Int, over denominator: Int, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let units = (numerator * scale * 2 + denominator) / (denominator * 2)
        let fraction = String(units % scale)
        let whole = String(units / scale)
        guard places > 0 else { return whole }
        return whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// Whether `scalar` is a letter, a mark or a number (Foundation's `CharacterSet.alphanumerics`).
    public static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark,
            .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            true
        default: false
        }
    }

    /// The folder part of `path` (`/etc/ncod/tui.conf` → `/etc/ncod`; `tui.conf` → `""`; `/x` → `/`).
    public static func folder(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var folder = trimmed[..<slash]
        while folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }
}

extension StringProtocol {
    /// The text without spaces and tabs (any Unicode space, not line breaks) at either end.
    public func trimmingSpaces() -> String { trimming { $0.isWhitespace && !$0.isNewline } }

    /// The text without white space or line breaks at either end.
    public func trimmingWhitespace() -> String { trimming(\.isWhitespace) }

    private func trimming(_ drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }
}
