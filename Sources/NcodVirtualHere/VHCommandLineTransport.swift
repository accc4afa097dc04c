import Foundation

/// Runs the client binary with `-t "<CMD>"` (reference §3.2): the running client answers on standard output.
public struct VHCommandLineTransport: VHTransport {
    /// The client binary, e.g. `/usr/sbin/vhclientx86_64`.
    public let binary: String
    /// Extra arguments placed before `-t` (the simulator takes its pipe folder this way).
    public let leadingArguments: [String]

    /// What the client prints when no instance answers (reference §3.2).
    public static let notRunningMessages = [
        "IPC client, server response open failed", "An existing client is not running.", "No response from IPC server", "IPC stat failed",
    ]

    /// A transport running `binary`.
    public init(binary: String = "/usr/sbin/vhclientx86_64", leadingArguments: [String] = []) {
        self.binary = binary
        self.leadingArguments = leadingArguments
    }

    /// Runs `binary -t line` with a timeout and returns its standard output.
    public func exchange(_ line: String, timeout: Duration) async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw VHTransportError.clientNotRunning("no client binary at \(binary)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = leadingArguments + ["-t", line]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { throw VHTransportError.io("cannot start \(binary): \(error)") }
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            process.terminate()
            throw VHTransportError.timedOut("\(binary) -t did not finish")
        }
        let text = String(decoding: await reader.value, as: UTF8.self)
        if let message = Self.notRunningMessages.first(where: { text.contains($0) }) { throw VHTransportError.clientNotRunning(message) }
        if process.terminationStatus != 0, text.isEmpty {
            throw VHTransportError.clientNotRunning("\(binary) -t exited \(process.terminationStatus)")
        }
        return text
    }
}
