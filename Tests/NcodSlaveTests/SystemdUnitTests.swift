import Foundation
import NcodTestSupport
import Testing

/// The shipped systemd units: a dedicated user, network-online ordering, restart on failure, an optional environment
/// file, hardening, and a clean `systemd-analyze verify`.
@Suite("systemd units")
struct SystemdUnitTests {
    @Test("each unit has what a service on a slave or master box needs", arguments: ["ncod-slaved", "ncod-master"])
    func directives(_ name: String) throws {
        let path = RepositoryPaths.root + "/packaging/systemd/\(name).service"
        let unit = try String(contentsOfFile: path, encoding: .utf8)
        let lines = Set(unit.split(separator: "\n").map(String.init))
        for required in [
            "After=network-online.target", "Wants=network-online.target", "Restart=on-failure", "EnvironmentFile=-/etc/default/\(name)",
            "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "CapabilityBoundingSet=", "WantedBy=multi-user.target",
        ] {
            #expect(lines.contains(where: { $0.hasPrefix(required) }), "\(name).service lacks \(required)")
        }
        #expect(lines.contains { $0.hasPrefix("User=ncod") && $0 != "User=root" })

        let analyze = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyze) else { return }
        // Point ExecStart at an executable that exists here, so verify judges the unit, not this machine's /usr/bin; and leave out the
        // man page, which the package installs (scripts/package-test checks it is there), not this machine.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).service").path
        try unit.replacingOccurrences(of: "/usr/bin/\(name)", with: "/bin/true")
            .replacingOccurrences(of: "Documentation=man:\(name)(8) ", with: "Documentation=")
            .write(toFile: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let result = ProcessRunner.run(analyze, ["verify", copy])
        #expect(result.status == 0 && result.stderr.isEmpty, "systemd-analyze verify: \(result.stderr)")
    }

    @Test("the backup timer and its service verify, and the service backs up as the master's user from its own settings")
    func backupTimer() throws {
        let folder = RepositoryPaths.root + "/packaging/systemd/"
        let service = try String(contentsOfFile: folder + "ncod-backup.service", encoding: .utf8)
        #expect(service.contains("User=ncod\n") && service.contains("--config /etc/ncod/master.conf") && service.contains("--metrics-file"))
        let timer = try String(contentsOfFile: folder + "ncod-backup.timer", encoding: .utf8)
        #expect(timer.contains("OnCalendar=") && timer.contains("Persistent=true") && timer.contains("WantedBy=timers.target"))
        let analyze = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: analyze) else { return }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-units-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        for (name, text) in [("ncod-backup.service", service), ("ncod-backup.timer", timer)] {
            try text.replacingOccurrences(of: "/usr/lib/ncod-master/backup", with: "/bin/true")
                .replacingOccurrences(of: "Documentation=man:ncod-master(8)", with: "Documentation=file:/usr/share/doc/ncod-master/README.md")
                .write(toFile: work + "/" + name, atomically: true, encoding: .utf8)
        }
        let result = ProcessRunner.run(analyze, ["verify", work + "/ncod-backup.timer", work + "/ncod-backup.service"])
        #expect(result.status == 0 && result.stderr.isEmpty, "systemd-analyze verify: \(result.stderr)")
    }
}
