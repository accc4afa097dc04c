import Crypto
import Foundation
import NcodCore
import NcodStore

/// Seals the audit log into its chain and walks the chain to check it (``AuditChain``).
///
/// Sealing is off the paths that write records: a request appends its record as before, and the sweeping master (one per fleet)
/// seals what is new every turn, oldest first, each with the next place and an HMAC over it and the previous seal. A place is taken
/// by one conditional UPDATE and a unique index, so a second master sealing at the same moment simply loses and stops for the turn.
enum AuditSeals {
    /// Most records sealed in one turn (a site upgraded with a long history catches up at this pace).
    static let batch = 2_000

    /// Seals up to ``batch`` new records; returns how many. A record dated ``AuditChain/lateness`` before the newest sealed one is
    /// left out: no master wrote it, and ``verify(store:key:now:)`` names it as inserted.
    @discardableResult
    static func seal(store: Store, key: SymmetricKey) async throws -> Int {
        var tail = try await store.audit.chainTail()
        var sealed = 0
        for event in try await store.audit.unsealed(limit: batch) {
            if let tail, event.at < tail.event.at.addingTimeInterval(-AuditChain.lateness) { continue }
            let seq = (tail?.seq ?? 0) + 1
            let seal = AuditChain.seal(event, previous: tail?.seal ?? AuditChain.genesis, key: key)
            guard try await store.audit.seal(event.id, seq: seq, seal: seal) else { break }  // another master is sealing: its turn
            tail = SealedAuditEvent(event: event, seq: seq, seal: seal)
            sealed += 1
        }
        return sealed
    }

    /// Walks the whole chain from its first record, and looks for records left outside it; returns the first problem found.
    static func verify(store: Store, key: SymmetricKey, now: Date) async throws -> AuditVerification {
        var previous = AuditChain.genesis
        var expected: Int64 = 1
        var checked = 0
        var newest: Date?
        while true {
            let page = try await store.audit.chain(after: expected - 1, limit: batch)
            if page.isEmpty { break }
            for record in page {
                let event = record.event
                if record.seq != expected {
                    let missing = record.seq - expected == 1 ? "#\(expected) is" : "#\(expected)–#\(record.seq - 1) are"
                    return AuditVerification(
                        at: now, checked: checked, unsealed: try await store.audit.unsealedCount(),
                        finding: .init(
                            kind: .removed, seq: expected, id: event.id, at: event.at,
                            detail: "record \(missing) missing: removed before #\(record.seq) (\(event.action) at \(stamp(event.at)))"))
                }
                guard AuditChain.seal(event, previous: previous, key: key) == record.seal else {
                    return AuditVerification(
                        at: now, checked: checked, unsealed: try await store.audit.unsealedCount(),
                        finding: .init(
                            kind: .changed, seq: record.seq, id: event.id, at: event.at,
                            detail:
                                "record #\(record.seq) (\(event.id.uuidString.lowercased()), \(event.action) at \(stamp(event.at))) does not match its seal: changed, or put in place of another"
                        ))
                }
                previous = record.seal
                expected += 1
                checked += 1
                newest = event.at
            }
        }
        let unsealed = try await store.audit.unsealed(limit: batch)
        if let newest, let stray = unsealed.first(where: { $0.at < newest.addingTimeInterval(-AuditChain.lateness) }) {
            return AuditVerification(
                at: now, checked: checked, unsealed: try await store.audit.unsealedCount(),
                finding: .init(
                    kind: .inserted, seq: nil, id: stray.id, at: stray.at,
                    detail:
                        "record \(stray.id.uuidString.lowercased()) (\(stray.action) at \(stamp(stray.at))) is not in the chain and is dated before sealed records: inserted"
                ))
        }
        return AuditVerification(at: now, checked: checked, unsealed: try await store.audit.unsealedCount(), finding: nil)
    }

    /// Verifies, and records the outcome as an `audit.verified` record (what the dashboard shows).
    static func verifyAndRecord(store: Store, key: SymmetricKey, now: Date, actor: String) async throws -> AuditVerification {
        let result = try await verify(store: store, key: key, now: now)
        var details = ["checked": String(result.checked), "unsealed": String(result.unsealed), "intact": String(result.intact)]
        if let finding = result.finding {
            details["finding"] = finding.kind.rawValue
            details["detail"] = finding.detail
            if let seq = finding.seq { details["seq"] = String(seq) }
        }
        try await store.audit.append(AuditEvent(at: now, actor: actor, action: "audit.verified", subject: "audit", details: details))
        return result
    }

    /// The last `audit.verified` record's outcome, for the dashboard.
    static func lastVerification(store: Store) async throws -> AuditVerification? {
        guard let record = try await store.audit.recent(limit: 1, action: "audit.verified", actor: nil).first else { return nil }
        let finding = record.details["finding"].flatMap(AuditVerification.Finding.Kind.init(rawValue:)).map { kind in
            AuditVerification.Finding(
                kind: kind, seq: record.details["seq"].flatMap { Int64($0) }, id: nil, at: nil, detail: record.details["detail"] ?? "")
        }
        return AuditVerification(
            at: record.at, checked: Int(record.details["checked"] ?? "") ?? 0, unsealed: Int(record.details["unsealed"] ?? "") ?? 0,
            finding: finding)
    }

    private static func stamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
