import Foundation
import NcodCore
import Testing

/// The digest an unchanged report names: the same devices give the same digest, any field of any device changed gives another,
/// and the line that carries it is never read as a plain heartbeat.
@Suite("Inventory digests")
struct InventoryDigestTests {
    private static func devices() -> [USBDeviceInfo] {
        ["1-1", "1-2.3"].map { port in
            USBDeviceInfo(
                vendorID: 0x064f, productID: 0x2af9, manufacturer: "WIBU-SYSTEMS AG", product: "CodeMeter-Stick", serial: "3-\(port)", bus: 1,
                portPath: port, deviceClass: 0, speed: "480", vhAddress: USBDeviceInfo.vhAddress(hostname: "box", portPath: port))
        }
    }

    @Test("the same devices give the same 16 hex digits; an empty list has its own")
    func stable() {
        let digest = InventoryDigest.of(Self.devices())
        #expect(digest == InventoryDigest.of(Self.devices()))
        #expect(digest.count == 16 && digest.allSatisfy(\.isHexDigit))
        #expect(InventoryDigest.of([]) != digest && InventoryDigest.of([]).count == 16)
    }

    @Test("any field of any device changed, a device more or less, or another order gives another digest")
    func sensitive() {
        let base = Self.devices()
        let digest = InventoryDigest.of(base)
        let changes: [(String, (inout USBDeviceInfo) -> Void)] = [
            ("vendor", { $0.vendorID = 0x0483 }), ("product id", { $0.productID = 0x3748 }), ("manufacturer", { $0.manufacturer = nil }),
            ("product", { $0.product = "CodeMeter-Stick v2" }), ("serial", { $0.serial = "" }), ("bus", { $0.bus = 2 }),
            ("port", { $0.portPath = "1-3" }), ("class", { $0.deviceClass = 0xff }), ("speed", { $0.speed = "12" }),
            ("address", { $0.vhAddress = "box.13" }),
        ]
        for (name, change) in changes {
            var devices = base
            change(&devices[1])
            #expect(InventoryDigest.of(devices) != digest, "\(name)")
        }
        #expect(InventoryDigest.of(Array(base.dropLast())) != digest)
        #expect(InventoryDigest.of(base + base.prefix(1)) != digest)
        #expect(InventoryDigest.of(base.reversed()) != digest)
        // A string's length is hashed before it: moving text from one field to the next is a change.
        var moved = base
        moved[0].manufacturer = "WIBU-SYSTEMS AGCodeMeter"
        moved[0].product = "-Stick"
        #expect(InventoryDigest.of(moved) != digest)
    }

    @Test("an unchanged report's line is not read as a heartbeat by the fast reading")
    func notAHeartbeat() throws {
        let health = HostHealth(
            hostname: "box", os: "Debian GNU/Linux 12", kernel: "6.1", uptimeSeconds: 1, load: [0, 0, 0], memoryTotalBytes: 1,
            memoryAvailableBytes: 1, diskTotalBytes: 1, diskAvailableBytes: 1, virtualHereRunning: true, virtualHereConfigPath: nil)
        let report = UnchangedReport(
            session: UUID(), sequence: 9, sentAt: Date(), inventoryDigest: InventoryDigest.of(Self.devices()), health: health)
        #expect(HeartbeatLine.parse(Array(try NcodJSON.encoder().encode(report))) == nil)
    }
}
