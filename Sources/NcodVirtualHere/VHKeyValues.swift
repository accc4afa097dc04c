/// `KEY: value` lines as DEVICE INFO and SERVER INFO print them (reference §5.2, §5.3); keys upper-cased, first occurrence wins.
struct VHKeyValues: Sendable {
    /// Values by upper-case key, unknown keys included.
    let values: [String: String]

    /// Parses the lines of `text`; lines without `: ` (or a trailing `:`) are ignored.
    init(parsing text: String) {
        var values: [String: String] = [:]
        for line in VHResponse.sanitize(text).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon]).trimmingCharacters(in: " ").uppercased()
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: " ")
            if !key.isEmpty, values[key] == nil { values[key] = value }
        }
        self.values = values
    }

    subscript(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }

    /// A `0x05c6`-style hex number.
    func hex(_ key: String) -> UInt16? {
        guard let text = self[key] else { return nil }
        let digits = text.lowercased().hasPrefix("0x") ? String(text.dropFirst(2)) : text
        return UInt16(digits, radix: 16)
    }
}
