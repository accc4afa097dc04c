import Foundation
import NIOSSL
import NcodTestSupport
import Testing

/// A running `ncod-master serve` on 127.0.0.1 with a free port, logging JSON.
struct MasterProcess {
    let process: BackgroundProcess
    let url: String

    /// Starts the master and waits for its "listening" line.
    /// With `openFiles`, the master runs under that open-file limit (as systemd's default 1,024 would hold it); with `executable`,
    /// that copy of the binary runs instead of the build's.
    static func start(
        databaseURL: String, keysDirectory: String = TestKeys.directory, port: Int = 0, extraArguments: [String] = [], openFiles: Int? = nil,
        executable: String? = nil
    ) async throws -> MasterProcess {
        let arguments =
            ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--database-url", databaseURL, "--keys-dir", keysDirectory, "--log-format", "json"]
            + extraArguments
        let master = executable ?? RepositoryPaths.executable("ncod-master")
        let process =
            if let openFiles {
                try BackgroundProcess(
                    "/bin/sh", ["-c", "ulimit -n \(openFiles) && exec \"$0\" \"$@\"", master] + arguments, environment: MasterCLI.environment)
            } else {
                try BackgroundProcess(master, arguments, environment: MasterCLI.environment)
            }
        let line = try await process.waitForLine { $0.contains("\"msg\":\"listening\"") }
        let listening = try #require(line, "the master did not start: \(process.stderrLines.joined(separator: "\n"))")
        let fields = try JSONDecoder().decode([String: String].self, from: Data(listening.utf8))
        return MasterProcess(process: process, url: try #require(fields["url"]))
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() async throws -> Int32? {
        process.signal(SIGTERM)
        return try await process.waitForExit()
    }

    /// A client TLS configuration that trusts only the generated ncod CA.
    static func clientTLS() -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(TestKeys.directory + "/ca.pem")
        return tls
    }
}
