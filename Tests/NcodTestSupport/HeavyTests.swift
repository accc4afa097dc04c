import NcodCore

/// One heavy end-to-end test at a time. Tests that run a whole site, a browser or a fault drill share the machine's two cores with the
/// rest of the suite; their timing checks (an event within 1 s, a plug seen within 2 s, slaves back within an interval) are only fair
/// when two of them do not starve each other. Light tests keep running in parallel beside them.
public enum HeavyTests {
    /// The one gate (`SimulatedSite` enters it on start and leaves it on stop).
    public static let gate = AsyncGate(limit: 1)

    /// Runs `body` holding the gate.
    public static func exclusive<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await gate.withTurn(body)
    }
}
