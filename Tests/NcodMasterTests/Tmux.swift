import Foundation
import NcodTestSupport
import Testing

/// A terminal program in a tmux server of its own, so a test never touches the developer's sessions; several can run side by side.
struct Tmux {
    /// The session's name (also part of the server's socket name).
    let name: String
    /// Where ``wait(for:timeout:artifact:)`` saves the screens it saw.
    let artifacts: String
    let socket: String

    /// A tmux server for one session called `name`, saving screens under `artifacts`.
    init(name: String, artifacts: String) {
        self.name = name
        self.artifacts = artifacts
        self.socket = "ncod-test-\(getpid())-\(name)"
    }

    func run(_ arguments: [String]) -> ProcessRunner.Result {
        ProcessRunner.run("/usr/bin/tmux", ["-L", socket] + arguments)
    }

    /// Starts the session. The tmux server it forks would otherwise inherit every descriptor this test process holds
    /// (its pipes among them) and keep them open; Python's `close_fds` starts it with only /dev/null. It would also inherit the
    /// signal mask of the test's thread (a worker thread blocks nearly every signal): tmux then never took the SIGTERM of
    /// `kill-server`, and servers with their programs outlived the test run, so the mask is cleared first.
    func start(_ command: String, columns: Int = 100, rows: Int = 30) {
        let script = """
            import signal, subprocess, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
            """
        _ = ProcessRunner.run(
            "/usr/bin/python3",
            ["-c", script, "/usr/bin/tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", command])
    }

    func keys(_ keys: String...) { _ = run(["send-keys", "-t", name] + keys) }
    func type(_ text: String) { _ = run(["send-keys", "-t", name, "-l", text]) }
    var screen: String { run(["capture-pane", "-p", "-t", name]).stdout }
    func stop() { _ = run(["kill-server"]) }

    /// Waits until the screen shows `text`; saves the screen as `artifact` either way.
    @discardableResult
    func wait(for text: String, timeout: Duration = .seconds(15), artifact: String, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> String
    {
        try await wait(until: { $0.contains(text) }, "'\(text)'", timeout: timeout, artifact: artifact, sourceLocation: sourceLocation)
    }

    /// Waits until `condition` holds for the screen (`what` says what it looks for); saves the screen as `artifact` either way.
    @discardableResult
    func wait(
        until condition: (String) -> Bool, _ what: String, timeout: Duration = .seconds(15), artifact: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var current = screen
        while !condition(current), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            current = screen
        }
        try? FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        try current.write(toFile: artifacts + "/\(artifact).txt", atomically: true, encoding: .utf8)
        #expect(condition(current), "the screen never showed \(what):\n\(current)", sourceLocation: sourceLocation)
        return current
    }
}
