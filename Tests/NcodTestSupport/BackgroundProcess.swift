import Foundation

/// A long-running child process (a server) whose standard error is collected line by line.
public final class BackgroundProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = ""
    private var outLines: [String] = []
    private var outPartial = ""

    /// Starts `path` with `arguments` (in `currentDirectory`, if given); standard output is collected too when `captureStandardOutput`.
    public init(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, captureStandardOutput: Bool = false,
        currentDirectory: String? = nil
    ) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let err = Pipe()
        process.standardError = err
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            self?.collect(handle.availableData, into: \.lines, partial: \.partial)
        }
        if captureStandardOutput {
            let out = Pipe()
            process.standardOutput = out
            out.fileHandleForReading.readabilityHandler = { [weak self] handle in
                self?.collect(handle.availableData, into: \.outLines, partial: \.outPartial)
            }
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
    }

    private func collect(
        _ data: Data, into lines: ReferenceWritableKeyPath<BackgroundProcess, [String]>, partial: ReferenceWritableKeyPath<BackgroundProcess, String>
    ) {
        guard !data.isEmpty else { return }
        lock.lock()
        self[keyPath: partial] += String(decoding: data, as: UTF8.self)
        while let newline = self[keyPath: partial].firstIndex(of: "\n") {
            self[keyPath: lines].append(String(self[keyPath: partial][..<newline]))
            self[keyPath: partial] = String(self[keyPath: partial][self[keyPath: partial].index(after: newline)...])
        }
        lock.unlock()
    }

    /// The standard-error lines so far.
    public var stderrLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    /// The standard-output lines so far (when captured).
    public var stdoutLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return outLines
    }

    /// Waits up to `timeout` for a standard-output line that satisfies `match`; returns it.
    public func waitForOutputLine(timeout: Duration = .seconds(30), where match: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdoutLines.first(where: match) { return line }
            if !process.isRunning { return stdoutLines.first(where: match) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
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

    /// The process id.
    public var processIdentifier: Int32 { process.processIdentifier }

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
