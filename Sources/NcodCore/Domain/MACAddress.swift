/// A 48-bit hardware address, normalised to lower-case colon form (`aa:bb:cc:dd:ee:ff`).
///
/// Accepts the usual spellings: colons, dashes, dots in groups of four, or twelve bare hex digits.
public struct MACAddress: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The six bytes.
    public let bytes: [UInt8]

    /// Parses a textual MAC address; returns `nil` when it is not one.
    public init?(_ text: String) {
        let hex = text.trimmingWhitespace().filter { $0 != ":" && $0 != "-" && $0 != "." }
        guard hex.count == 12, hex.allSatisfy(\.isHexDigit) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    /// The normalised form, e.g. `aa:bb:cc:dd:ee:ff`.
    public var description: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: ":")
    }

    /// Whether this is the all-zero address that loopback interfaces report.
    public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    /// Orders addresses by their normalised text.
    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.description < rhs.description }

    /// Decodes from the textual form, refusing anything that is not a MAC address.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = MACAddress(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a MAC address")
        }
        self = parsed
    }

    /// Encodes as the normalised text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
