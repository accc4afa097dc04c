#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A description of devices instead of one device, for taking or waiting for "any free one of these": a USB vendor and product
/// (`0483:3748`), a tag an administrator put on devices (`tag:st-link`), or words of the product name or nickname
/// (`product:ST-LINK`, or any other text).
///
/// It travels as its canonical text (``description``), so that `tag:ST-Link` and `tag:st-link` are one waiting list.
public struct DeviceMatch: Codable, Hashable, Sendable, CustomStringConvertible {
    /// What a device must have.
    public enum Rule: Hashable, Sendable {
        /// This USB vendor and product ID.
        case vidPid(vendor: UInt16, product: UInt16)
        /// This tag (lower case).
        case tag(String)
        /// This text in the product name, the nickname or the manufacturer (compared without case).
        case product(String)
    }

    /// Why a text is not a description.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        /// One line for people.
        public var description: String
    }

    /// The rule.
    public let rule: Rule

    /// Longest product words kept (the canonical text adds `product:`).
    public static let maxLength = 64

    /// Reads `text`: `vvvv:pppp` in hex, `tag:NAME`, `product:TEXT`, or any other text as product words.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace()
        // The canonical text adds `product:` to bare words: it must read back the same.
        guard !trimmed.isEmpty, trimmed.count <= Self.maxLength + 8, !TextHygiene.isUnclean(trimmed) else {
            throw Invalid(
                description: "a device description is 1 to \(Self.maxLength) characters: vvvv:pppp, tag:NAME or product:TEXT (got '\(text)')")
        }
        let lower = trimmed.lowercased()
        if let (vendor, product) = Self.vidPid(lower) {
            rule = .vidPid(vendor: vendor, product: product)
        } else if lower.hasPrefix("tag:") {
            let tag = lower.dropFirst(4).trimmingSpaces()
            guard Self.isTag(tag) else {
                throw Invalid(description: "a tag is letters, digits, '-', '_' or '.', at most 32 (got '\(tag)')")
            }
            rule = .tag(tag)
        } else {
            let words = lower.hasPrefix("product:") ? lower.dropFirst(8).trimmingSpaces() : lower
            guard !words.isEmpty, words.count <= Self.maxLength else {
                throw Invalid(description: "product: needs 1 to \(Self.maxLength) characters of the product name (got '\(text)')")
            }
            rule = .product(words)
        }
    }

    /// Whether `device` fits the description.
    public func matches(_ device: Device) -> Bool {
        switch rule {
        case .vidPid(let vendor, let product): device.vendorID == vendor && device.productID == product
        case .tag(let tag): device.tags.contains(tag)
        case .product(let words):
            [device.product, device.nickname, device.manufacturer].contains { $0?.lowercased().contains(words) == true }
        }
    }

    /// The canonical text: `0483:3748`, `tag:st-link`, `product:st-link`.
    public var description: String {
        switch rule {
        case .vidPid(let vendor, let product): PlainText.hex(vendor, width: 4) + ":" + PlainText.hex(product, width: 4)
        case .tag(let tag): "tag:" + tag
        case .product(let words): "product:" + words
        }
    }

    /// Whether `text` is a tag an administrator may put on a device: 1 to 32 of letters, digits, `-`, `_`, `.`.
    public static func isTag(_ text: String) -> Bool {
        (1...32).contains(text.count)
            && text.unicodeScalars.allSatisfy { PlainText.isAlphanumeric($0) || "-_.".unicodeScalars.contains($0) }
    }

    private static func vidPid(_ text: String) -> (UInt16, UInt16)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }), let vendor = UInt16(parts[0], radix: 16),
            let product = UInt16(parts[1], radix: 16)
        else { return nil }
        return (vendor, product)
    }

    /// Reads the canonical text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let invalid as Invalid {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: invalid.description))
        }
    }

    /// Writes the canonical text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
