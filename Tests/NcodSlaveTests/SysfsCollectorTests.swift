import Foundation
import NcodCore
import NcodSlave
import NcodTestSupport
import Testing

@Suite("sysfs inventory")
struct SysfsCollectorTests {
    static let fixture = RepositoryPaths.root + "/Tests/Fixtures/sysfs"
    static let golden = RepositoryPaths.root + "/Tests/Fixtures/inventory.golden.json"

    @Test("the fake sysfs tree gives the golden inventory: hubs left out, VirtualHere addresses from port paths")
    func golden() throws {
        let devices = try SysfsCollector(root: Self.fixture, advertisedHostname: "box1").collect()
        let encoder = NcodJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        let json = String(decoding: try encoder.encode(devices), as: UTF8.self) + "\n"
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try json.write(toFile: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: Self.golden, encoding: .utf8)
        #expect(json == expected, "set RECORD_GOLDEN=1 to re-record after a deliberate change")

        #expect(devices.count == 6)
        #expect(devices.map(\.vhAddress) == ["box1.111", "box1.112", "box1.1131", "box1.1132", "box1.1134", "box1.114"])
        #expect(devices.allSatisfy { !$0.isHub })
        #expect(devices.first { $0.portPath == "1-1.3.4" }?.product == "USB 串口转换器 CH340")
        #expect(devices.first { $0.portPath == "1-1.4" }?.serial == nil)
        #expect(devices.first { $0.portPath == "1-1.3.1" }?.speed == "480")
    }

    @Test("a missing USB folder is an error naming it")
    func missingRoot() {
        #expect(throws: CollectorError("no USB devices folder at /nonexistent/bus/usb/devices")) {
            try SysfsCollector(root: "/nonexistent", advertisedHostname: "x").collect()
        }
    }

    @Test(
        "VirtualHere addresses drop the punctuation of the port path", arguments: [("1-1.4", "box.114"), ("1-1.2.2", "box.1122"), ("2-3", "box.23")])
    func addresses(_ path: String, _ address: String) {
        #expect(USBDeviceInfo.vhAddress(hostname: "box", portPath: path) == address)
    }
}
