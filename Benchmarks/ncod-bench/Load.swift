import ArgumentParser
import Foundation
import NcodLoad

/// Drives a running master with simulated slaves, people and event streams, and prints throughput and latency percentiles.
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a running master with simulated slaves, people and event streams.",
        discussion: """
            The set-up (enrolling the slaves, their first reports, signing up the people) is not measured. The last line is the
            result as JSON after `load-result `. Needs the site's enrolment secret and an administrator (scripts/bench-load starts a
            master on PostgreSQL and runs this).
            """)

    @Option(help: "The master's URL.") var master = "https://127.0.0.1:8443"
    @Option(help: "The site CA.") var ca = "keys/generated/ca.pem"
    @Option(help: "The site's enrolment secret.") var enrolmentSecretFile = "keys/generated/enrolment-secret"
    @Option(help: "An administrator, who approves the simulated people.") var admin = "admin"
    @Option(help: "The administrator's password.") var adminPasswordFile = "keys/generated/admin-password"
    @Option(help: "Simulated slaves.") var slaves = 100
    @Option(help: "Devices on each slave.") var devices = 16
    @Option(help: "Simulated people taking, renewing and releasing leases (at most 14: the master allows 30 logins a minute from one address).")
    var clients = 8
    @Option(help: "Event streams held open (at least one per person).") var streams = 0
    @Option(help: "Seconds of measured load.") var duration = 30.0
    @Option(help: "Seconds between one slave's reports; 0 sends them back to back.") var reportInterval = 0.0
    @Option(help: "The chance, at each report, that a slave's last device is unplugged or plugged back in.") var churn = 0.01
    @Option(help: "Seconds a person waits between lease rounds.") var thinkTime = 0.2
    @Option(help: "Reports in flight at once at most.") var concurrency = 64
    @Option(help: "The master's process id, to report its memory.") var masterPid: Int32?
    @Option(help: "The chance that a report or heartbeat is lost on the way.") var loss = 0.0
    @Option(help: "Slaves killed a third of the way in, each timed until a stream shows it offline.") var kills = 0
    @Flag(help: "The people only list the devices, taking no leases.") var listsOnly = false
    @Flag(help: "With --lists-only: ask for the list gzip-compressed, as ncod-tui and ncod-admin do.") var gzip = false
    @Flag(help: "The people list the devices once and take from that list (a fleet of 160,000 devices).") var listOnce = false
    @Flag(help: "Heartbeats as one request each, not as lines of each slave's link (as ncod-slaved sends them).") var heartbeatRequests = false
    @Flag(help: "Every report in full, as a request, also when the devices did not change (ncod-slaved then sends an unchanged report on its link).")
    var fullReports = false
    @Option(help: "Seconds the slaves only heartbeat after the set-up, before the measured window (the master seals the set-up's audit records).")
    var settle = 0.0
    @Option(help: "The master's metrics token: its own timing of the lease takes in the window is read and printed.")
    var metricsTokenFile: String?
    @Option(help: "A shell command run just before the measured window (e.g. `callgrind_control -i on PID`).") var windowStart: String?
    @Option(help: "A shell command run just after the measured window (e.g. `callgrind_control -d PID`).") var windowEnd: String?

    func validate() throws {
        guard slaves >= 1, devices >= 1, clients >= 0, clients <= 14, streams >= 0, duration > 0, concurrency >= 1, (0...1).contains(churn),
            (0..<1).contains(loss), (0...slaves).contains(kills), !gzip || listsOnly
        else {
            throw ValidationError(
                "slaves and devices ≥ 1, clients 0…14, duration > 0, concurrency ≥ 1, churn 0…1, loss 0…<1, kills 0…slaves; --gzip needs --lists-only"
            )
        }
    }

    func run() async throws {
        func secret(_ path: String) throws -> String {
            do {
                return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ValidationError("cannot read \(path): \(error.localizedDescription)")
            }
        }
        var plan = LoadPlan(
            master: master, caFile: ca, enrolmentSecret: try secret(enrolmentSecretFile), adminUsername: admin,
            adminPassword: try secret(adminPasswordFile), slaves: slaves, devicesPerSlave: devices, clients: clients, streams: streams,
            duration: duration, reportInterval: reportInterval, churn: churn, thinkTime: thinkTime, concurrency: concurrency, masterPID: masterPid,
            loss: loss, kills: kills, listsOnly: listsOnly)
        plan.gzip = gzip
        plan.heartbeatRequests = heartbeatRequests
        plan.fullReports = fullReports
        plan.listOnce = listOnce
        plan.settle = settle
        plan.metricsToken = try metricsTokenFile.map(secret)
        let (start, end) = (windowStart, windowEnd)
        let result = try await LoadHarness.run(
            plan, progress: { step in FileHandle.standardError.write(Data("==> \(step)\n".utf8)) },
            opening: { if let start { Self.shell(start) } }, closing: { if let end { Self.shell(end) } })
        print(result.table)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        print("load-result " + String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    /// Runs `command` with /bin/sh and waits for it; its output goes to this program's standard error.
    static func shell(_ command: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardOutput = FileHandle.standardError
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            FileHandle.standardError.write(Data("cannot run \(command): \(error)\n".utf8))
        }
    }
}
