import Foundation
import NcodCore
import Testing

@Suite("MAC addresses")
struct MACAddressTests {
    @Test(
        "every usual spelling normalises to lower-case colon form",
        arguments: [
            "AA:BB:CC:DD:EE:0F", "aa-bb-cc-dd-ee-0f", "aabb.ccdd.ee0f", "AABBCCDDEE0F", "  aa:bb:cc:dd:ee:0f\n",
        ])
    func spellings(_ text: String) throws {
        #expect(try #require(MACAddress(text)).description == "aa:bb:cc:dd:ee:0f")
    }

    @Test("text that is not a MAC address is refused", arguments: ["", "aa:bb:cc:dd:ee", "gg:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff:00", "中文"])
    func refused(_ text: String) {
        #expect(MACAddress(text) == nil)
    }

    @Test("JSON carries the normalised text and refuses garbage")
    func json() throws {
        let mac = try #require(MACAddress("00-1A-2B-3C-4D-5E"))
        let data = try JSONEncoder().encode([mac])
        #expect(String(decoding: data, as: UTF8.self) == #"["00:1a:2b:3c:4d:5e"]"#)
        #expect(try JSONDecoder().decode([MACAddress].self, from: data) == [mac])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MACAddress].self, from: Data(#"["nope"]"#.utf8)) }
        #expect(MACAddress("00:00:00:00:00:00")?.isZero == true)
    }
}

/// MAC discovery on a fixture `/sys/class/net`.
@Suite("MAC discovery")
struct MACDiscoveryTests {
    @Test("only physical interfaces count: loopback, ifb, veth, bridges, docker, tap and WireGuard are left out")
    func physicalOnly() {
        // This file is Tests/NcodCoreTests/MACAddressTests.swift; the fixture is Tests/Fixtures/net.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/net"
        #expect(MACDiscovery.addresses(root: root).map(\.description) == ["00:e0:4c:68:00:01", "3c:7c:3f:1a:2b:01", "a4:c3:f0:55:66:77"])
        for virtual in ["lo", "ifb0", "ifb1", "veth7d2c1a0", "br0", "docker0", "tap0", "wg0"] {
            #expect(!MACDiscovery.isPhysical(virtual, root: root), "\(virtual)")
        }
        #expect(MACDiscovery.addresses(root: "/nonexistent").isEmpty)
    }
}
