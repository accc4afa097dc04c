import Foundation

/// A long-running child process (a server) whose standard error is collected line by line.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = ""

    /// Starts `path` with `arguments`.
    public init(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.partial += String(decoding: data, as: UTF8.self)
            while let newline = self.partial.firstIndex(of: "\n") {
                self.lines.append(String(self.partial[..<newline]))
                self.partial = String(self.partial[self.partial.index(after: newline)...])
            }
            self.lock.unlock()
        }
        try process.run()
    }

    /// The standard-error lines so far.
    public var stderrLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    /// Waits up to `timeout` for a standard-error line that satisfies `match`; returns it.
    public func waitForLine(timeout: Duration = .seconds(60), where match: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stderrLines.first(where: match) { return line }
            if !process.isRunning { return stderrLines.first(where: match) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Whether the process still runs.
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) { kill(process.processIdentifier, signal) }

    /// Waits up to `timeout` for the process to exit; returns its status, or `nil` if it is still running.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
