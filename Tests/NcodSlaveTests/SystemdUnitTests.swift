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
        // Point ExecStart at an executable that exists here, so verify judges the unit, not this machine's /usr/local/bin.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).service").path
        try unit.replacingOccurrences(of: "/usr/local/bin/\(name)", with: "/bin/true").write(toFile: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let result = ProcessRunner.run(analyze, ["verify", copy])
        #expect(result.status == 0 && result.stderr.isEmpty, "systemd-analyze verify: \(result.stderr)")
    }
}
