import Foundation
import NcodTestSupport
import Testing

/// `scripts/backup` and `scripts/restore` on both backends: a backup, a wiped database, a restore, the same logical data.
@Suite("Backups", .serialized)
struct BackupTests {
    /// Every row of every table, ordered, as text: what "the same logical data" means here.
    static func logicalData(_ backend: TestBackend, _ url: String) -> String {
        func query(_ sql: String) -> ProcessRunner.Result {
            backend == .postgres
                ? ProcessRunner.run("/usr/bin/psql", [url, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
                : ProcessRunner.run("/usr/bin/sqlite3", [url, sql])
        }
        let listing =
            backend == .postgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        var text = ""
        for table in query(listing).stdout.split(separator: "\n") {
            let rows =
                backend == .postgres
                ? query("SELECT row_to_json(t)::text FROM (SELECT * FROM \"\(table)\" ORDER BY 1) t")
                : query("SELECT * FROM \"\(table)\" ORDER BY 1")
            text += "## \(table)\n" + rows.stdout
        }
        return text
    }

    static func script(_ name: String, _ arguments: [String]) -> ProcessRunner.Result {
        ProcessRunner.run(RepositoryPaths.root + "/scripts/\(name)", arguments, environment: MasterCLI.environment)
    }

    @Test(
        "backup → wipe → restore gives identical data; checksums are checked; retention keeps the newest",
        arguments: TestBackend.allCases.filter(\.isAvailable))
    func roundTrip(_ backend: TestBackend) async throws {
        let (url, drop) = try await backend.makeEmptyDatabaseURL()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-backups-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(MasterCLI.run(["seed-demo", "--database-url", url, "--log-level", "warning"]).status == 0)
        #expect(
            MasterCLI.run(
                ["create-admin", "--database-url", url, "--username", "root", "--log-level", "warning"], input: "backup-passphrase-2026\n"
            ).status == 0)
        let keys = ["--keys-dir", TestKeys.directory]
        let sealed = MasterCLI.run(["audit", "seal", "--database-url", url, "--log-level", "warning"] + keys)
        #expect(sealed.status == 0 && sealed.stdout.hasPrefix("sealed ") && !sealed.stdout.hasPrefix("sealed 0 "), "\(sealed.stdout)\(sealed.stderr)")
        let before = Self.logicalData(backend, url)
        #expect(before.contains("zhang.wei") && before.contains("## audit_events") && before.contains("## leases"))

        let backup = Self.script("backup", ["--database-url", url, "--out", out])
        #expect(backup.status == 0, "\(backup.stderr)")
        let file = backup.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: file) && FileManager.default.fileExists(atPath: file + ".sha256"))
        #expect(!backup.stdout.contains(":ncod@") && !backup.stderr.contains(":ncod@"), "the password never shows")

        // Wipe, then restore.
        if backend == .postgres {
            #expect(ProcessRunner.run("/usr/bin/psql", [url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"]).status == 0)
        } else {
            try FileManager.default.removeItem(atPath: url)
        }
        #expect(!Self.logicalData(backend, url).contains("zhang.wei"))
        let restore = Self.script("restore", ["--database-url", url, "--from", file])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(Self.logicalData(backend, url) == before, "the restored database holds exactly what was backed up")
        #expect(MasterCLI.run(["migrate", "--database-url", url, "--log-level", "warning"]).status == 0, "the master takes the restored database")

        // Restoring over data needs --yes; a changed backup is refused.
        let over = Self.script("restore", ["--database-url", url, "--from", file])
        #expect(over.status == 1 && over.stderr.contains("--yes"), "\(over.stderr)")
        let damaged = out + "/damaged" + (backend == .postgres ? ".dump" : ".sqlite")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: damaged))
        try FileManager.default.copyItem(atPath: file + ".sha256", toPath: damaged + ".sha256")
        try (try String(contentsOfFile: damaged + ".sha256", encoding: .utf8))
            .replacingOccurrences(of: (file as NSString).lastPathComponent, with: (damaged as NSString).lastPathComponent)
            .write(toFile: damaged + ".sha256", atomically: true, encoding: .utf8)
        let refused = Self.script("restore", ["--database-url", url, "--from", damaged, "--yes"])
        #expect(refused.status == 1 && refused.stderr.contains("does not match its checksum"), "\(refused.stderr)")
        #expect(Self.logicalData(backend, url) == before, "a refused restore changes nothing")
        try FileManager.default.removeItem(atPath: damaged)
        try FileManager.default.removeItem(atPath: damaged + ".sha256")

        // The audit chain survives the round trip: every sealed record still matches its seal (the check records itself, so it
        // comes after the comparisons above).
        let verified = MasterCLI.run(["audit", "verify", "--database-url", url, "--log-level", "warning"] + keys)
        #expect(verified.status == 0 && verified.stdout.contains("audit chain intact"), "\(verified.stdout)\(verified.stderr)")
        #expect(!verified.stdout.contains("intact: 0 records"), "\(verified.stdout)")
        // Tampered with behind the masters' back: named, and exit status 1.
        let tamper = "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"
        _ =
            backend == .postgres
            ? ProcessRunner.run("/usr/bin/psql", [url, "-q", "-c", tamper]) : ProcessRunner.run("/usr/bin/sqlite3", [url, tamper])
        let broken = MasterCLI.run(["audit", "verify", "--database-url", url, "--log-level", "warning"] + keys)
        #expect(broken.status == 1 && broken.stdout.contains("BROKEN after 1 intact records: changed: record #2"), "\(broken.stdout)")

        // Retention: three more backups with --keep 2 leave two.
        for _ in 0..<3 { #expect(Self.script("backup", ["--database-url", url, "--out", out, "--keep", "2"]).status == 0) }
        let kept = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasSuffix(".sha256") }
        #expect(kept.count == 2, "\(kept)")
        #expect(Self.script("backup", ["--database-url", url, "--out", out, "--keep", "0"]).status == 64)
        try await drop()
    }
}
