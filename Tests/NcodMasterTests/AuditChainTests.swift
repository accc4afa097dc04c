import Crypto
import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import SQLKit
import Testing

@testable import NcodMaster

/// The audit log's chain of seals on both backends: an untouched chain verifies; a changed, a removed and an inserted record are
/// each named; two masters sealing at once leave one gapless chain; the dashboard shows the last check.
@Suite("Audit chain", .serialized)
struct AuditChainTests {
    /// Twelve records a second apart, sealed; returns them in chain order.
    static func sealedLog(_ harness: MasterHarness) async throws -> [SealedAuditEvent] {
        let start = Date().addingTimeInterval(-600)
        for index in 0..<12 {
            try await harness.store.audit.append(
                AuditEvent(
                    at: start.addingTimeInterval(Double(index)), actor: index % 2 == 0 ? "alice" : "system", action: "lease.ended",
                    subject: "device:box1.11\(index % 4)", details: ["reason": "released", "lease": UUID().uuidString, "备注": "第\(index)条"],
                    holder: index % 3 == 0 ? "bob" : nil))
        }
        try await AuditSeals.seal(store: harness.store, key: harness.app.ncod.auditKey)
        return try await harness.store.audit.chain(after: 0, limit: 100)
    }

    static func verify(_ harness: MasterHarness) async throws -> AuditVerification {
        try await AuditSeals.verify(store: harness.store, key: harness.app.ncod.auditKey, now: Date())
    }

    static func sql(_ harness: MasterHarness) throws -> any SQLDatabase {
        try #require(harness.app.db as? any SQLDatabase)
    }

    @Test("an untouched chain verifies, records added later join it, and another key does not verify it", arguments: MasterHarness.backends)
    func intact(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let chain = try await Self.sealedLog(harness)
            #expect(chain.count >= 12 && chain.map(\.seq) == Array(1...Int64(chain.count)), "one gapless chain")
            let first = try await Self.verify(harness)
            #expect(first.intact && first.checked == chain.count && first.unsealed == 0, "\(String(describing: first.finding))")
            try await harness.store.audit.append(AuditEvent(at: Date(), actor: "carol", action: "wait.joined", subject: "device:box1.111"))
            #expect(try await Self.verify(harness).unsealed == 1, "the newest waits for the next turn")
            #expect(try await AuditSeals.seal(store: harness.store, key: harness.app.ncod.auditKey) == 1)
            #expect(try await Self.verify(harness).intact)
            let stranger = try await AuditSeals.verify(store: harness.store, key: SymmetricKey(size: .bits256), now: Date())
            #expect(stranger.finding?.kind == .changed && stranger.finding?.seq == 1, "seals need the site's key")
        }
    }

    @Test("a changed record is named, even when only its holder changed", arguments: MasterHarness.backends)
    func changed(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let chain = try await Self.sealedLog(harness)
            let victim = chain[6]
            try await Self.sql(harness).raw("UPDATE audit_events SET holder = 'mallory' WHERE seq = \(unsafeRaw: String(victim.seq))").run()
            let result = try await Self.verify(harness)
            #expect(result.finding?.kind == .changed && result.finding?.seq == victim.seq && result.finding?.id == victim.event.id)
            #expect(result.checked == Int(victim.seq) - 1)
            #expect(result.finding?.detail.contains("record #\(victim.seq) (\(victim.event.id.uuidString.lowercased())") == true)
        }
    }

    @Test("a removed record is named by its place", arguments: MasterHarness.backends)
    func removed(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let chain = try await Self.sealedLog(harness)
            try await Self.sql(harness).raw("DELETE FROM audit_events WHERE seq = \(unsafeRaw: String(chain[4].seq))").run()
            let result = try await Self.verify(harness)
            #expect(result.finding?.kind == .removed && result.finding?.seq == chain[4].seq && result.finding?.id == chain[5].event.id)
            #expect(result.finding?.detail.hasPrefix("record #\(chain[4].seq) is missing") == true, "\(result.finding?.detail ?? "")")
        }
    }

    @Test("an inserted record is named, whether put outside the chain or given a place in it", arguments: MasterHarness.backends)
    func inserted(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let chain = try await Self.sealedLog(harness)
            // Back-dated, outside the chain: the sealer leaves it out, the walk names it.
            let forged = AuditEvent(at: chain[2].event.at.addingTimeInterval(-3600), actor: "admin", action: "user.approved", subject: "user:mallory")
            try await harness.store.audit.append(forged)
            #expect(try await AuditSeals.seal(store: harness.store, key: harness.app.ncod.auditKey) == 0, "never sealed")
            let outside = try await Self.verify(harness)
            #expect(outside.finding?.kind == .inserted && outside.finding?.id == forged.id, "\(String(describing: outside.finding))")
            // Given the next place with a made-up seal: it does not match.
            try await Self.sql(harness).raw(
                "UPDATE audit_events SET seq = \(unsafeRaw: String(chain.count + 1)), seal = '\(unsafeRaw: String(repeating: "a", count: 64))' WHERE id = \(bind: forged.id)"
            ).run()
            let inside = try await Self.verify(harness)
            #expect(inside.finding?.kind == .changed && inside.finding?.seq == Int64(chain.count + 1) && inside.finding?.id == forged.id)
        }
    }

    @Test("two masters sealing at the same moment leave one gapless chain", arguments: MasterHarness.backends)
    func concurrentSealers(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            _ = try await Self.sealedLog(harness)
            for index in 0..<200 {
                try await harness.store.audit.append(
                    AuditEvent(
                        at: Date().addingTimeInterval(Double(index) / 1000), actor: "system", action: "slave.report", subject: "slave:box\(index)"))
            }
            let key = harness.app.ncod.auditKey
            async let one = AuditSeals.seal(store: harness.store, key: key)
            async let two = AuditSeals.seal(store: harness.store, key: key)
            _ = try await (one, two)
            while try await AuditSeals.seal(store: harness.store, key: key) > 0 {}
            let result = try await Self.verify(harness)
            #expect(result.intact && result.unsealed == 0 && result.checked >= 212, "\(String(describing: result.finding))")
        }
    }

    @Test("the daily check is recorded and the dashboard shows it")
    func dashboard() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            _ = try await Self.sealedLog(harness)
            let (_, admin) = try await harness.signedInAdmin()
            let before = try harness.decode(AdminOverview.self, try await harness.send(.GET, "/api/v1/admin/overview", token: admin))
            #expect(before.auditVerification == nil)
            let result = try await AuditSeals.verifyAndRecord(store: harness.store, key: harness.app.ncod.auditKey, now: Date(), actor: "system")
            #expect(result.intact)
            let after = try harness.decode(AdminOverview.self, try await harness.send(.GET, "/api/v1/admin/overview", token: admin))
            #expect(after.auditVerification?.intact == true && after.auditVerification?.checked == result.checked)
        }
    }
}
