/// Body of `PATCH /api/v1/admin/slaves/{id}`: a new name for the slave.
public struct SlavePatch: Codable, Hashable, Sendable {
    /// The new name (same rules as at enrolment).
    public var name: String

    /// Creates a patch.
    public init(name: String) { self.name = name }
}
