import Foundation
import NcodCore
import NcodTestSupport
import Testing

/// `ncod-slaved run` without a master.
@Suite("ncod-slaved run")
struct SlavedRunTests {
    @Test("--dry-run never contacts a master: it prints each report and stops on SIGTERM")
    func dryRun() async throws {
        let daemon = try BackgroundProcess(
            RepositoryPaths.executable("ncod-slaved"),
            [
                "run", "--dry-run", "--interval", "1", "--sysfs-root", SysfsCollectorTests.fixture, "--hostname", "box1", "--collectors", "sysfs",
                "--state-dir", "/nonexistent",
            ],
            environment: ["NCOD_CONFIG": "/dev/null"], captureStandardOutput: true
        )
        let line = try await daemon.waitForOutputLine { $0.hasPrefix("{") }
        let report = try NcodJSON.decoder().decode(SlaveReport.self, from: Data(try #require(line).utf8))
        #expect(report.devices.count == 6)
        #expect(report.session == nil)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
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
