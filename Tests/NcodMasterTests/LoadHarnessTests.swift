import Foundation
import NcodTestSupport
import Testing

/// A CI-sized run of `ncod-bench load` against a real master: it must set up its slaves and people, measure every kind of
/// operation and report them. Timings are not asserted here; BENCHMARKS.md has the measured figures.
@Suite("Load harness", .serialized)
struct LoadHarnessTests {
    /// The fields of the result line that this test reads.
    struct Result: Decodable {
        struct Figures: Decodable {
            var count: Int
            var p99: Double
        }
        var operations: [String: Figures]
        var failures: [String: Int]
        var streamsOpen: Int
        var eventsReceived: Int
        var masterRSSMiB: Double?
        var masterRSSWindow: Window?
        struct Window: Decodable {
            var count: Int
            var minMiB: Double
            var medianMiB: Double
            var maxMiB: Double
            var anonymousMedianMiB: Double
        }
        var masterCPUSeconds: Double?
        var plugs: Int
        var masterTakes: Takes?
        struct Takes: Decodable {
            var total: Int
            var within: [String: Int]
        }
    }

    @Test(
        "a small load runs end to end and reports reports, heartbeats, lease rounds, device lists, plug-to-event times, the master's memory and CPU, and runs the window's commands"
    )
    func smoke() async throws {
        try await HeavyTests.exclusive {
            let (databaseURL, drop) = try await SimulatedSite.seededDatabase()
            let server = try await MasterProcess.start(
                databaseURL: databaseURL, extraArguments: ["--report-interval", "30", "--enrol-limit", "100", "--register-limit", "100"])
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-load-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: work) }
            try FleetEndToEndTests.adminPassword.write(toFile: work + "/admin-password", atomically: true, encoding: .utf8)
            let run = ProcessRunner.run(
                RepositoryPaths.executable("ncod-bench"),
                [
                    "load", "--master", server.url, "--ca", TestKeys.directory + "/ca.pem", "--enrolment-secret-file",
                    TestKeys.directory + "/enrolment-secret", "--admin", "root", "--admin-password-file", work + "/admin-password",
                    "--slaves", "16", "--devices", "4", "--clients", "2", "--streams", "4", "--duration", "8", "--churn", "0.5", "--think-time", "1",
                    // A report every 2.5 s, so that each slave also beats (2 s after a report), and unplugs or plugs back its
                    // last device at every other report or so: the reports after which nothing changed (no plug, no lease
                    // taken or ended on the slave: a person's round each second) go down the slave's link as unchanged reports.
                    "--report-interval", "2.5",
                    "--master-pid", "\(server.process.processIdentifier)", "--metrics-token-file", TestKeys.directory + "/metrics-token",
                    // What scripts/bench/profile does with perf: a command before and one after the measured window.
                    "--window-start", "date +%s.%N > \(work)/opened", "--window-end", "date +%s.%N > \(work)/closed",
                ])
            // Read before the expectations, so that a failed run still stops the master (and shows its error below).
            let opened = (try? String(contentsOfFile: work + "/opened", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let closed = (try? String(contentsOfFile: work + "/closed", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let faults = server.process.stderrLines.filter { $0.contains("\"msg\":\"request failed\"") }
            _ = try await server.stop()
            try await drop()
            #expect(run.status == 0, "\(run.stderr)")
            print(run.stdout.split(separator: "\n").filter { !$0.hasPrefix("load-result") }.joined(separator: "\n"))
            let line = try #require(run.stdout.split(separator: "\n").last { $0.hasPrefix("load-result ") })
            let result = try JSONDecoder().decode(Result.self, from: Data(line.dropFirst("load-result ".count).utf8))
            #expect((Double(closed) ?? 0) - (Double(opened) ?? 0) >= 8, "the window's commands ran around the 8 s measured")
            for operation in [
                "report", "report.unchanged", "heartbeat", "devices.list", "lease.take", "lease.renew", "lease.release", "plug→event", "plug→first",
            ] {
                #expect((result.operations[operation]?.count ?? 0) > 0, "no \(operation) measured")
            }
            #expect(result.streamsOpen == 4)
            let firsts = result.operations["plug→first"]?.count ?? 0
            #expect(firsts <= result.plugs && result.plugs > 0, "each plug is timed once to its first sighting: \(firsts) of \(result.plugs)")
            #expect((result.operations["plug→event"]?.count ?? 0) >= firsts, "and once per watching stream")
            #expect(result.eventsReceived > 0)
            #expect((result.masterRSSMiB ?? 0) > 1)
            // Read through the 8 s window every 2 s: four or five readings, the anonymous part below the whole.
            let window = try #require(result.masterRSSWindow, "the master's memory through the window")
            #expect((4...5).contains(window.count), "\(window.count) readings")
            #expect(window.minMiB > 1 && window.minMiB <= window.medianMiB && window.medianMiB <= window.maxMiB)
            #expect(window.anonymousMedianMiB > 0 && window.anonymousMedianMiB < window.medianMiB)
            #expect((result.masterCPUSeconds ?? 0) > 0, "the master's CPU over the window")
            // The master's own timing of the takes it granted in the window: as many as the harness counted, give or take one
            // in flight at each end per person.
            let takes = try #require(result.masterTakes, "the master's metrics were read at both ends")
            let granted = result.operations["lease.take"]?.count ?? 0
            #expect(takes.total > 0 && abs(takes.total - granted) <= 4, "the master granted \(takes.total), the harness counted \(granted)")
            #expect((takes.within["2500"] ?? 0) <= takes.total && (takes.within["100"] ?? 0) <= (takes.within["250"] ?? 0))
            // Races a busy site has are expected: two people taking the same free device or one just unplugged, and a lease ending
            // between take and renew or release because its device was unplugged (churn 1). Nothing else is.
            let races = ["lease.take device_busy", "lease.take device_offline", "lease.renew not_found", "lease.release not_found"]
            let unexpected = result.failures.filter { !races.contains($0.key) }
            #expect(unexpected.isEmpty, "\(unexpected)")
            #expect(faults.isEmpty, "the master logged server faults:\n\(faults.prefix(3).joined(separator: "\n"))")
        }
    }
}
