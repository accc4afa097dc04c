import Foundation
import NcodTestSupport
import Testing

/// The Debian packages scripts/package made (scripts/test packages a debug build first and names the folder in
/// `NCOD_PACKAGES_DIR`), installed into a clean Debian 12 root by scripts/package-test, which walks the install guide there.
@Suite("Debian packages")
struct PackageInstallTests {
    @Test("the three packages install into a clean Debian 12 root; every program runs there, and the install guide works step by step")
    func installGuide() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let folder = environment["NCOD_PACKAGES_DIR"], !folder.isEmpty else {
            if environment["NCOD_REQUIRE_PACKAGES"] == "1" { Issue.record("NCOD_PACKAGES_DIR names no packages (scripts/test makes them)") }
            return
        }
        try await HeavyTests.exclusive {
            let result = ProcessRunner.run(RepositoryPaths.root + "/scripts/package-test", [folder])
            // What the walk did, for the log: its steps and what each saw.
            for line in result.stdout.split(separator: "\n") where line.hasPrefix("==>") || line.hasPrefix("    ") { print(line) }
            #expect(
                result.status == 0 && result.stdout.hasSuffix("package-test: ok\n"),
                "\(result.stdout.suffix(2000))\n\(result.stderr.suffix(2000))")
            for step in [
                "every program answers --version", "install guide: the master", "the master as its unit starts it",
                "install guide: the slave", "ncod-slaved once on the fixture tree", "it registers with the master", "the backup the timer runs",
                "remove and purge keep the data",
            ] {
                #expect(result.stdout.contains(step), "the walk skipped '\(step)'")
            }
        }
    }
}
