import Foundation
import NcodTestSupport
import Testing

/// The terminal programs refuse to start without what they need, in one line, with a failing exit status.
@Suite("Terminal programs' command lines")
struct ClientCLITests {
    @Test("no master, an unreadable CA or password file: one clear line and exit status 1", arguments: ["ncod-tui", "ncod-admin"])
    func refusals(_ program: String) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = ["HOME": home, "PATH": "/usr/bin:/bin", "TERM": "dumb"]
        let binary = RepositoryPaths.executable(program)

        let noMaster = ProcessRunner.run(binary, [], environment: environment)
        #expect(noMaster.status == 1)
        #expect(noMaster.stderr.contains("give --master and --ca once (they are then remembered in \(home)/.config/ncod/"), "\(noMaster.stderr)")

        let noCA = ProcessRunner.run(binary, ["--master", "https://m:8443", "--ca", home + "/missing.pem"], environment: environment)
        #expect(noCA.status == 1 && noCA.stderr.contains("cannot read the CA certificate \(home)/missing.pem"), "\(noCA.stderr)")

        let noPassword = ProcessRunner.run(
            binary, ["--master", "https://m:8443", "--ca", TestKeys.directory + "/ca.pem", "--password-file", home + "/nope"],
            environment: environment)
        #expect(noPassword.status == 1 && noPassword.stderr.contains("cannot read the password file"), "\(noPassword.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/.config/ncod"), "nothing is remembered from a run that never started")
    }
}
