import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing

/// The once-per-fleet duties: one holder at a time, renewed by its holder, taken over when it lapses.
@Suite("Fleet duties")
struct FleetDutiesTests {
    @Test("one master holds a duty until its hold lapses or it gives it up; claims at once have one winner", arguments: TestBackend.allCases)
    func oneHolder(backend: TestBackend) async throws {
        guard backend.isAvailable else { return }
        try await backend.withStores(count: 8) { stores in
            let duties = stores[0].duties
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            #expect(try await duties.claim("sweep", holder: "a", until: start + 15, now: start))
            #expect(try await duties.claim("sweep", holder: "b", until: start + 20, now: start + 5) == false, "a holds it")
            #expect(try await duties.holder(of: "sweep", now: start + 5) == "a")
            #expect(try await duties.claim("sweep", holder: "a", until: start + 25, now: start + 10), "a renews")
            #expect(try await duties.claim("sweep", holder: "b", until: start + 35, now: start + 20) == false, "renewed, still a's")
            #expect(try await duties.claim("sweep", holder: "b", until: start + 45, now: start + 30), "a's hold lapsed: b takes over")
            #expect(try await duties.claim("sweep", holder: "a", until: start + 50, now: start + 35) == false)
            try await duties.release("sweep", holder: "a")
            #expect(try await duties.holder(of: "sweep", now: start + 35) == "b", "only the holder can give it up")
            try await duties.release("sweep", holder: "b")
            #expect(try await duties.holder(of: "sweep", now: start + 35) == nil)
            #expect(try await duties.claim("other", holder: "c", until: start + 50, now: start + 35), "duties are separate")

            let later = start + 100
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, store) in stores.enumerated() {
                    group.addTask { try await store.duties.claim("race", holder: "m\(index)", until: later + 15, now: later) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1, "\(winners) masters won the same duty")
        }
    }
}
