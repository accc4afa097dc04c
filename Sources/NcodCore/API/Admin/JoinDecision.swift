#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/admin/requests/{id}/approve` and `…/reject`.
public struct JoinDecision: Codable, Hashable, Sendable {
    /// Which part of a request to decide.
    public enum Part: String, Codable, Hashable, Sendable, CaseIterable {
        /// The person and the computer together (the default).
        case both
        /// The person only.
        case person
        /// The computer only.
        case computer
    }

    /// The administrator's words (required to reject).
    public var reason: String?
    /// What to decide; both when absent.
    public var part: Part?
    /// Approving a new person: the department to put them in instead of the one they chose.
    public var orgUnitID: UUID?

    /// Creates a decision.
    public init(reason: String? = nil, part: Part? = nil, orgUnitID: UUID? = nil) {
        self.reason = reason
        self.part = part
        self.orgUnitID = orgUnitID
    }
}
