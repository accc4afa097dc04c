import NcodCore
import NcodSlave
import Testing

/// When a due report may go as an unchanged report: only with the very devices of the last full report the master recorded, and
/// never after the plan was forgotten or when the master named no digest.
@Suite("Report plan")
struct ReportPlanTests {
    private static func devices(_ ports: [String]) -> [USBDeviceInfo] {
        ports.map { port in
            USBDeviceInfo(
                vendorID: 0x064f, productID: 0x2af9, manufacturer: "WIBU-SYSTEMS AG", product: "CodeMeter-Stick", serial: "3-\(port)", bus: 1,
                portPath: port, deviceClass: 0, speed: "480", vhAddress: USBDeviceInfo.vhAddress(hostname: "box", portPath: port))
        }
    }

    @Test("the first report is full; after one the master recorded, the same devices go short with its digest")
    func shortAfterRecorded() {
        let devices = Self.devices(["1-1", "1-2"])
        var plan = ReportPlan()
        #expect(plan.isEmpty)
        #expect(plan.unchangedDigest(for: devices) == nil, "nothing recorded yet")
        plan.sent(devices, recordedAs: "00ff00ff00ff00ff")
        #expect(!plan.isEmpty)
        #expect(plan.unchangedDigest(for: devices) == "00ff00ff00ff00ff")
    }

    @Test("a device plugged, unplugged or changed, a forgotten plan, or a receipt without a digest sends the report in full")
    func fullOtherwise() {
        let devices = Self.devices(["1-1", "1-2"])
        var plan = ReportPlan()
        plan.sent(devices, recordedAs: "00ff00ff00ff00ff")
        #expect(plan.unchangedDigest(for: Self.devices(["1-1"])) == nil, "unplugged")
        #expect(plan.unchangedDigest(for: Self.devices(["1-1", "1-2", "1-3"])) == nil, "plugged")
        var renamed = devices
        renamed[1].product = "CodeMeter-Stick 2"
        #expect(plan.unchangedDigest(for: renamed) == nil, "a field changed")
        plan.forget()
        #expect(plan.isEmpty && plan.unchangedDigest(for: devices) == nil, "the master asked for a full report")
        plan.sent(devices, recordedAs: nil)
        #expect(!plan.isEmpty && plan.unchangedDigest(for: devices) == nil, "an older master names no digest")
    }
}
