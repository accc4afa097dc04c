/// Body of `PATCH /api/v1/admin/devices/{id}`: the device's nickname, or `null` to clear it.
public struct DevicePatch: Codable, Hashable, Sendable {
    /// The nickname people see instead of the product name; `nil` or blank clears it.
    public var nickname: String?

    /// Creates a patch.
    public init(nickname: String?) { self.nickname = nickname }
}
