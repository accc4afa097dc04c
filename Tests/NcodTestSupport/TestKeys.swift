import Foundation

/// Keys made by the project's own `keys/generate.sh`, once per test process, in a temporary folder.
public enum TestKeys {
    /// The folder holding `server.pem`, `ca.pem`, `jwt-signing.key`, … (generated on first use).
    public static let directory: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-test-keys-\(getpid())").path
        let result = ProcessRunner.run(RepositoryPaths.root + "/keys/generate.sh", ["--out", folder, "--host", "ncod-test.local"])
        precondition(result.status == 0, "keys/generate.sh failed: \(result.stderr)")
        return folder
    }()

    /// A copy of the generated keys in a new folder, for tests that damage or remove files.
    public static func copy() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-test-keys-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: directory, toPath: folder)
        return folder
    }
}
