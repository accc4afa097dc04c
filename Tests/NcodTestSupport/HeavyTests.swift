/// One heavy end-to-end test at a time. Tests that run a whole site, a browser or a fault drill share the machine's two cores with the
/// rest of the suite; their timing checks (an event within 1 s, a plug seen within 2 s, slaves back within an interval) are only fair
/// when two of them do not starve each other. Light tests keep running in parallel beside them.
public actor HeavyTests {
    /// The one gate.
    public static let gate = HeavyTests()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits until no other heavy test runs, then holds the gate.
    public func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Lets the next heavy test run.
    public func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` holding the gate.
    public static func exclusive<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await gate.acquire()
        do {
            let result = try await body()
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }
}
