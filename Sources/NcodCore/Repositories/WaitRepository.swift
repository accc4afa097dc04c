#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores the waiting lists. At most one active wait per person and target, and at most one offer per device, enforced by the
/// database itself so that two masters allocating at once still agree.
public protocol WaitRepository: Sendable {
    /// Records a new wait; throws ``StoreError/duplicate(entity:field:value:)`` when the person already waits for the same target.
    func join(_ wait: Wait) async throws -> Wait
    /// The wait with this identifier.
    func find(_ id: UUID) async throws -> Wait?
    /// Every active wait, in line order.
    func allActive() async throws -> [Wait]
    /// The active waits of one person, in line order.
    func active(userID: UUID) async throws -> [Wait]
    /// Offers `deviceID` at `at` to an active wait without an offer until `until` (the first offer's time is kept); `nil` when the wait ended or has an offer meanwhile, or
    /// the device is offered to another wait already.
    func offer(_ id: UUID, deviceID: UUID, at: Date, until: Date) async throws -> Wait?
    /// The waits joined between `from` and `to`, ended or not, in line order (usage reports).
    func joined(from: Date, to: Date) async throws -> [Wait]
    /// Takes back an offer (the device went away), leaving the wait in its place; `nil` when it had none.
    func withdraw(_ id: UUID) async throws -> Wait?
    /// Ends the wait if it is still active and returns it; `nil` when it had already ended. With reason `lapsed`, only a wait whose
    /// offer ran out before `at` ends.
    func endIfActive(_ id: UUID, reason: Wait.EndReason, at: Date) async throws -> Wait?
}
