import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// An address or a network (`10.0.0.5`, `10.0.0.0/24`, `fd00::/8`): which peers `--proxy-protocol-from` trusts to name the client.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's address bytes (4 for IPv4, 16 for IPv6).
    public let bytes: [UInt8]
    /// How many leading bits must match.
    public let prefix: Int

    /// Why a range could not be read.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// One line naming the text.
        public var description: String
    }

    /// Reads `10.0.0.5`, `10.0.0.0/24`, `::1` or `fd00::/8`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = parts.first, let bytes = Self.packed(address) else {
            throw Invalid(description: "'\(text)' is not an IP address or network (10.0.0.5, 10.0.0.0/24, fd00::/8)")
        }
        let bits = bytes.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { throw Invalid(description: "'\(text)' has no valid prefix length (0 to \(bits))") }
        self.bytes = bytes
        self.prefix = prefix
    }

    /// Whether `address` lies in this range (an IPv4 address never matches an IPv6 range, nor the reverse).
    public func contains(_ address: SocketAddress?) -> Bool {
        guard let text = address?.ipAddress, let other = Self.packed(text), other.count == bytes.count else { return false }
        var remaining = prefix
        for (mine, theirs) in zip(bytes, other) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if mine & mask != theirs & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// `10.0.0.0/24`.
    public var description: String {
        let text =
            bytes.count == 4
            ? bytes.map(String.init).joined(separator: ".")
            : ((try? SocketAddress(packedIPAddress: ByteBuffer(bytes: bytes), port: 0))?.ipAddress ?? "?")
        return prefix == bytes.count * 8 ? text : "\(text)/\(prefix)"
    }

    /// The address's bytes, through inet_pton.
    static func packed(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
