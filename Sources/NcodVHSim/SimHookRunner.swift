import Foundation

/// Runs a server event command line (ClientAuthorization, onBind, onUnbind) and returns its exit status.
public protocol SimHookRunner: Sendable {
    /// Runs `command` through the shell; the exit status, or -1 when it could not run.
    func run(_ command: String) -> Int32
}

/// Runs hooks with `/bin/sh -c`, as a shell script line in config.ini would be, killing them after 10 s.
public struct ShellHookRunner: SimHookRunner {
    /// A runner.
    public init() {}

    /// Runs `command` through `/bin/sh -c`.
    public func run(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            return -1
        }
        return process.terminationStatus
    }
}
