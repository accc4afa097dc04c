import NIOCore
import Testing

@testable import NcodMaster

/// The PROXY protocol v2 header as HAProxy's `send-proxy-v2` writes it, and what the master makes of it.
@Suite("PROXY protocol v2")
struct ProxyProtocolTests {
    /// A v2 header: signature, version 2 and `command`, `family`, then `body`.
    static func header(command: UInt8 = 1, family: UInt8, body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: ProxyProtocolHandler.signature)
        buffer.writeInteger(UInt8(0x20 | command))
        buffer.writeInteger(family)
        buffer.writeInteger(UInt16(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test("TCP over IPv4 and IPv6 name the client; LOCAL keeps the balancer's address; TLS right after is left alone")
    func parses() throws {
        var v4 = Self.header(family: 0x11, body: [10, 1, 2, 3, 10, 0, 0, 5, 0xC3, 0x50, 0x20, 0xFB])
        v4.writeBytes([0x16, 0x03, 0x01])  // the TLS ClientHello that follows
        guard case .header(let length, let client) = ProxyProtocolHandler.parse(v4) else { Issue.record("not parsed"); return }
        #expect(length == 28 && client?.ipAddress == "10.1.2.3" && client?.port == 50000)

        let six: [UInt8] = [0xFD, 0] + Array(repeating: 0, count: 13) + [7] + Array(repeating: 0, count: 15) + [1] + [0x1F, 0x90, 0x20, 0xFB]
        guard case .header(_, let client6) = ProxyProtocolHandler.parse(Self.header(family: 0x21, body: six)) else {
            Issue.record("IPv6 not parsed")
            return
        }
        #expect(client6?.ipAddress == "fd00::7" && client6?.port == 8080)

        #expect(ProxyProtocolHandler.parse(Self.header(command: 0, family: 0, body: [])) == .header(length: 16, client: nil))
    }

    @Test("half a header waits for the rest; no signature, version 1 text, or an oversized header closes the connection")
    func refuses() {
        let whole = Self.header(family: 0x11, body: [10, 1, 2, 3, 10, 0, 0, 5, 0, 1, 0, 2])
        #expect(ProxyProtocolHandler.parse(whole.getSlice(at: 0, length: 20)!) == .incomplete)
        #expect(ProxyProtocolHandler.parse(whole.getSlice(at: 0, length: 7)!) == .incomplete)
        #expect(ProxyProtocolHandler.parse(ByteBuffer(string: "PROXY TCP4 10.1.2.3 10.0.0.5 50000 8443\r\n")) != .incomplete)
        if case .invalid = ProxyProtocolHandler.parse(ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00])) {} else { Issue.record("TLS taken for a header") }
        var huge = ByteBuffer(bytes: ProxyProtocolHandler.signature)
        huge.writeBytes([0x21, 0x11, 0xFF, 0xFF])
        if case .invalid = ProxyProtocolHandler.parse(huge) {} else { Issue.record("a 64 KiB header accepted") }
    }

    @Test("a trusted range matches its own family and prefix only")
    func ranges() throws {
        let network = try AddressRange(parsing: "10.0.0.0/24")
        #expect(network.contains(try SocketAddress(ipAddress: "10.0.0.200", port: 1)))
        #expect(!network.contains(try SocketAddress(ipAddress: "10.0.1.1", port: 1)))
        #expect(!network.contains(try SocketAddress(ipAddress: "::ffff:10.0.0.1", port: 1)))
        #expect(try AddressRange(parsing: "fd00::/8").contains(try SocketAddress(ipAddress: "fd12::1", port: 1)))
        #expect(throws: AddressRange.Invalid.self) { try AddressRange(parsing: "10.0.0.0/33") }
        #expect(throws: AddressRange.Invalid.self) { try AddressRange(parsing: "balancer.lan") }
    }
}
