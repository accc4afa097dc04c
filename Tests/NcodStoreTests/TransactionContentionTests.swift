import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing

/// Transactions that read and then write, racing on connections of their own, as the master's concurrent requests do.
/// On SQLite the loser of such a race is refused at once ("database is locked"); the store must try it again, not fail the request.
@Suite("Transactions under contention")
struct TransactionContentionTests {
    @Test("racing read-then-write transactions on separate connections all land", arguments: TestBackend.allCases.filter(\.isAvailable))
    func racingTransactionsLand(_ backend: TestBackend) async throws {
        try await backend.withStores(count: 4) { stores in
            let slave = try await stores[0].slaves.create(Fixtures.slave("busy-box"))
            let rounds = 16  // few enough that a queue for the one connection per event loop stays short on a loaded machine
            let failures = await withTaskGroup(of: String?.self) { group in
                for round in 0..<rounds {
                    let store = stores[round % stores.count]
                    group.addTask {
                        do {
                            try await store.transaction { store in
                                guard let current = try await store.slaves.find(slave.id) else { throw StoreError.notFound(entity: "slave", key: "") }
                                try await Task.sleep(for: .milliseconds(1))  // hold the read while the others read too
                                try await store.audit.append(
                                    AuditEvent(
                                        at: Date(), actor: "test", action: "race.round", subject: "slave:\(current.name)",
                                        details: ["round": "\(round)"]))
                            }
                            return nil
                        } catch {
                            return "round \(round): \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            #expect(try await stores[0].audit.page(AuditQuery(action: "race.round", limit: 100)).total == rounds)
        }
    }
}
