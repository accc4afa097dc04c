import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The audit log's chain: each record's seal is an HMAC-SHA256, under a key kept outside the database, over the record's content
/// and the previous record's seal. Changing, removing or inserting a record breaks every seal after it, and nobody with only the
/// database can make new seals.
///
/// The content is the record as the database returns it (its time to the microsecond), so a seal made from one read verifies
/// against every later read, on SQLite and PostgreSQL, and after a backup is restored.
public enum AuditChain {
    /// The seal before the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// A record sealed earlier than this before the newest sealed one was not written by a master: masters seal in time order
    /// (give or take a transaction that committed late), so such a record was inserted.
    public static let lateness: TimeInterval = 60

    /// The seal of `event` after `previous`, as 64 lower-case hex digits.
    public static func seal(_ event: AuditEvent, previous: String, key: SymmetricKey) -> String {
        PlainText.hex(HMAC<SHA256>.authenticationCode(for: canonical(event, previous: previous), using: key))
    }

    /// The bytes sealed: a JSON array of the version, the id, the time in microseconds, actor, action, subject, the details
    /// (sorted keys), the holder (or null) and the previous seal.
    static func canonical(_ event: AuditEvent, previous: String) -> Data {
        let micros = Int64((event.at.timeIntervalSince1970 * 1_000_000).rounded())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let details = (try? encoder.encode(event.details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let fields: [String?] = [
            "ncod-audit-1", event.id.uuidString.lowercased(), String(micros), event.actor, event.action, event.subject, details, event.holder,
            previous,
        ]
        return (try? encoder.encode(fields)) ?? Data()
    }
}
