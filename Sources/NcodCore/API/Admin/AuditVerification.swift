#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What walking the audit chain found (`ncod-master audit verify`, and the master's daily check).
public struct AuditVerification: Codable, Hashable, Sendable {
    /// The first thing wrong with the chain.
    public struct Finding: Codable, Hashable, Sendable {
        /// What kind of tampering it shows.
        public enum Kind: String, Codable, Hashable, Sendable {
            /// The record's content no longer matches its seal (edited, or a record put in its place).
            case changed
            /// Records are missing from the chain (deleted).
            case removed
            /// A record that is not in the chain and was not written by a master (dated before sealed records).
            case inserted
        }

        /// What kind.
        public var kind: Kind
        /// The place in the chain (for `removed`, the first missing place).
        public var seq: Int64?
        /// The record concerned (for `removed`, the first record after the gap).
        public var id: UUID?
        /// When the record says it happened.
        public var at: Date?
        /// One line for people.
        public var detail: String

        /// A finding.
        public init(kind: Kind, seq: Int64?, id: UUID?, at: Date?, detail: String) {
            self.kind = kind
            self.seq = seq
            self.id = id
            self.at = at
            self.detail = detail
        }
    }

    /// When the walk ran.
    public var at: Date
    /// Sealed records checked.
    public var checked: Int
    /// Records not sealed yet (the newest, sealed within seconds by the sweeping master).
    public var unsealed: Int
    /// The first problem; `nil` when the chain is intact.
    public var finding: Finding?

    /// A result.
    public init(at: Date, checked: Int, unsealed: Int, finding: Finding?) {
        self.at = at
        self.checked = checked
        self.unsealed = unsealed
        self.finding = finding
    }

    /// Nothing wrong.
    public var intact: Bool { finding == nil }
}
