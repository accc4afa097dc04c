import FluentKit

extension Error {
    /// Whether the database refused a write because it broke a unique, foreign-key or check constraint.
    var isConstraintFailure: Bool { (self as? any DatabaseError)?.isConstraintFailure ?? false }
}
