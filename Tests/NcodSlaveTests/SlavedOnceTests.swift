import Foundation
import NcodCore
import NcodTestSupport
import Testing

/// `ncod-slaved once`, the real binary: the inventory as JSON, from sysfs and from libusb under umockdev.
@Suite("ncod-slaved once")
struct SlavedOnceTests {
    static let umockdev = "/usr/bin/umockdev-run"
    static let fixtures = RepositoryPaths.root + "/Tests/Fixtures/umockdev"

    static func decode(_ result: ProcessRunner.Result) throws -> SlaveReport {
        try NcodJSON.decoder().decode(SlaveReport.self, from: Data(result.stdout.utf8))
    }

    @Test("prints the sysfs inventory and the host's health")
    func sysfs() throws {
        let result = ProcessRunner.run(
            RepositoryPaths.executable("ncod-slaved"),
            ["once", "--collectors", "sysfs", "--sysfs-root", SysfsCollectorTests.fixture, "--hostname", "box1"],
            environment: ["NCOD_CONFIG": "/dev/null"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.decode(result)
        #expect(report.devices.count == 6)
        #expect(report.collectors == [CollectorStatus(name: "sysfs", ok: true, deviceCount: 6)])
        #expect(!report.health.kernel.isEmpty)
        #expect(report.health.memoryTotalBytes > 0)
    }

    @Test("a failing collector is reported, and the others' devices still come out")
    func failingCollector() throws {
        let result = ProcessRunner.run(
            RepositoryPaths.executable("ncod-slaved"),
            ["once", "--collectors", "sysfs,libusb", "--sysfs-root", "/nonexistent", "--hostname", "box1"], environment: ["NCOD_CONFIG": "/dev/null"]
        )
        #expect(result.status == 0)
        let report = try Self.decode(result)
        #expect(
            report.collectors.first
                == CollectorStatus(name: "sysfs", ok: false, error: "no USB devices folder at /nonexistent/bus/usb/devices", deviceCount: 0))
        #expect(report.collectors.count == 2)
    }

    @Test("an unknown collector is a one-line error")
    func unknownCollector() {
        let result = ProcessRunner.run(
            RepositoryPaths.executable("ncod-slaved"), ["once", "--collectors", "usbip"], environment: ["NCOD_CONFIG": "/dev/null"])
        #expect(result.status == 1)
        #expect(result.stderr == "ncod-slaved: error: invalid configuration: unknown collector 'usbip': use sysfs, libusb\n")
    }

    @Test("a misspelt key in slaved.conf or NCOD_* variable stops the daemon with the file, the line and the likely name")
    func misspeltSettings() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("slaved-\(UUID().uuidString).conf").path
        defer { try? FileManager.default.removeItem(atPath: config) }
        try "# box settings\nhostname = box1\nsysfs_root = /srv/fake-sys\n".write(toFile: config, atomically: true, encoding: .utf8)
        let slaved = RepositoryPaths.executable("ncod-slaved")
        let file = ProcessRunner.run(slaved, ["once", "--config", config])
        #expect(file.status == 1)
        #expect(
            file.stderr
                == "ncod-slaved: error: invalid configuration: \(config):3: 'sysfs_root' is not a setting of ncod-slaved; did you mean 'sysfs-root'?\n"
        )
        let variable = ProcessRunner.run(slaved, ["once"], environment: ["NCOD_CONFIG": "/dev/null", "NCOD_HOSTNAM": "box1"])
        #expect(variable.status == 1)
        #expect(
            variable.stderr
                == "ncod-slaved: error: invalid configuration: the environment sets NCOD_HOSTNAM, which no ncod program reads; did you mean NCOD_HOSTNAME?\n"
        )
        // Every flag goes through the same layers: the state folder and the log level from the file, a bad hub port from a variable.
        try "hub-port = 70000\n".write(toFile: config, atomically: true, encoding: .utf8)
        let range = ProcessRunner.run(slaved, ["once", "--config", config])
        #expect(
            range.stderr == "ncod-slaved: error: invalid configuration: \(config):1: hub-port must be a whole number from 1 to 65535, got '70000'\n")
    }

    @Test(
        "libusb lists fake devices under umockdev, string descriptors included, hubs left out",
        .enabled(if: FileManager.default.isExecutableFile(atPath: umockdev) || ProcessInfo.processInfo.environment["NCOD_REQUIRE_UMOCKDEV"] == "1")
    )
    func libusbUnderUmockdev() throws {
        let result = ProcessRunner.run(
            Self.umockdev,
            [
                "--device", Self.fixtures + "/usb.umockdev",
                "--pcap", "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.4=" + Self.fixtures + "/strings.pcap",
                "--", RepositoryPaths.executable("ncod-slaved"), "once", "--collectors", "libusb", "--hostname", "box1",
            ],
            environment: ["NCOD_CONFIG": "/dev/null", "PATH": "/usr/bin:/bin"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.decode(result)
        #expect(report.collectors == [CollectorStatus(name: "libusb", ok: true, deviceCount: 2)])
        #expect(report.devices.map(\.portPath) == ["1-1.2", "1-1.4"])
        let dongle = try #require(report.devices.last)
        #expect(dongle.vendorID == 0x064f && dongle.productID == 0x2af9)
        #expect(dongle.manufacturer == "WIBU-SYSTEMS AG")
        #expect(dongle.product == "CodeMeter 加密狗")
        #expect(dongle.serial == "3-4812731")
        #expect(dongle.speed == "12")
        #expect(dongle.vhAddress == "box1.114")
        #expect(report.devices.first?.serial == nil, "the cable without a capture has no strings, and is listed all the same")
    }
}
