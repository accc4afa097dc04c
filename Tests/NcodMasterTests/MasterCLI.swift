import Foundation
import NcodTestSupport

/// Runs the `ncod-master` binary as an operator would.
enum MasterCLI {
    /// The environment the tests give the binaries: no NCOD_* settings leaking in from the developer's shell.
    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("NCOD_") }
        environment["NCOD_CONFIG"] = "/dev/null"
        return environment
    }()

    static func run(_ arguments: [String], input: String? = nil, extraEnvironment: [String: String] = [:]) -> ProcessRunner.Result {
        ProcessRunner.run(
            RepositoryPaths.executable("ncod-master"), arguments,
            environment: environment.merging(extraEnvironment) { $1 }, input: input
        )
    }

    /// The lines of standard error that are not empty.
    static func errorLines(_ result: ProcessRunner.Result) -> [String] {
        result.stderr.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
