import Foundation
import NcodCore
import NcodTestSupport
import Testing

/// `ncod-slaved run` without a master.
@Suite("ncod-slaved run")
struct SlavedRunTests {
    @Test("--dry-run never contacts a master: it prints each report and stops on SIGTERM; under systemd it says ready and stopping")
    func dryRun() async throws {
        let systemd = try NotifySocket()
        let daemon = try BackgroundProcess(
            RepositoryPaths.executable("ncod-slaved"),
            [
                "run", "--dry-run", "--interval", "1", "--sysfs-root", SysfsCollectorTests.fixture, "--hostname", "box1", "--collectors", "sysfs",
                "--state-dir", "/nonexistent",
            ],
            environment: ["NCOD_CONFIG": "/dev/null", "NOTIFY_SOCKET": systemd.path, "WATCHDOG_USEC": "1000000"], captureStandardOutput: true
        )
        let line = try await daemon.waitForOutputLine { $0.hasPrefix("{") }
        let running = systemd.messages(within: .seconds(1.5))
        #expect(running.first == "READY=1" && running.contains("WATCHDOG=1"), "\(running)")
        let report = try NcodJSON.decoder().decode(SlaveReport.self, from: Data(try #require(line).utf8))
        #expect(report.devices.count == 6)
        #expect(report.session == nil)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(systemd.messages(within: .milliseconds(300)).contains("STOPPING=1"))
    }

    @Test("run without enrolment says so and exits 1")
    func notEnrolled() {
        let result = ProcessRunner.run(
            RepositoryPaths.executable("ncod-slaved"), ["run", "--state-dir", "/nonexistent/state"], environment: ["NCOD_CONFIG": "/dev/null"]
        )
        #expect(result.status == 1)
        #expect(result.stderr == "ncod-slaved: error: this slave has not enrolled (no /nonexistent/state/slave.json); run ncod-slaved enrol first\n")
    }

    @Test("a log format or level that does not exist is refused with the ones that do, before anything runs")
    func badLogSettings() {
        let slaved = RepositoryPaths.executable("ncod-slaved")
        let format = ProcessRunner.run(slaved, ["run", "--dry-run", "--log-format", "bogus"], environment: ["NCOD_CONFIG": "/dev/null"])
        #expect(format.status != 0 && format.stderr.contains("bogus") && format.stderr.contains("json"), "\(format.stderr)")
        let level = ProcessRunner.run(slaved, ["run", "--dry-run", "--log-level", "loud"], environment: ["NCOD_CONFIG": "/dev/null"])
        #expect(level.status != 0 && level.stderr.contains("loud") && level.stderr.contains("warning"), "\(level.stderr)")
    }
}
