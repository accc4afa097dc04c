/// Body of `PATCH /api/v1/admin/devices/{id}`: what is given changes, what is left out stays. `nickname`: the name people see
/// instead of the product name (`null` or blank clears it); `maxHoldSeconds`: the longest one lease on it may last, over the
/// site's maximum (`null` follows the site again); `tags`: the device's tags, replacing the old ones (`[]` clears them).
public struct DevicePatch: Codable, Hashable, Sendable {
    /// The nickname; `nil` or blank clears it, when ``changesNickname``.
    public var nickname: String?
    /// Whether the patch sets the nickname.
    public var changesNickname: Bool
    /// The device's maximum hold in seconds; `nil` follows the site's, when ``changesMaxHold``.
    public var maxHoldSeconds: Int?
    /// Whether the patch sets the maximum hold.
    public var changesMaxHold: Bool
    /// The device's new tags, when given.
    public var tags: [String]?

    /// A patch of the nickname.
    public init(nickname: String?) {
        self.nickname = nickname
        self.changesNickname = true
        self.maxHoldSeconds = nil
        self.changesMaxHold = false
    }

    /// A patch of the maximum hold.
    public init(maxHoldSeconds: Int?) {
        self.nickname = nil
        self.changesNickname = false
        self.maxHoldSeconds = maxHoldSeconds
        self.changesMaxHold = true
    }

    /// A patch of the tags.
    public init(tags: [String]) {
        self.nickname = nil
        self.changesNickname = false
        self.maxHoldSeconds = nil
        self.changesMaxHold = false
        self.tags = tags
    }

    private enum CodingKeys: String, CodingKey { case nickname, maxHoldSeconds, tags }

    /// Reads which fields the body gives, `null` included.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        changesNickname = values.contains(.nickname)
        nickname = try values.decodeIfPresent(String.self, forKey: .nickname)
        changesMaxHold = values.contains(.maxHoldSeconds)
        maxHoldSeconds = try values.decodeIfPresent(Int.self, forKey: .maxHoldSeconds)
        tags = try values.decodeIfPresent([String].self, forKey: .tags)
    }

    /// Writes the fields the patch changes (`null` for a clearing one).
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        if changesNickname { try values.encode(nickname, forKey: .nickname) }
        if changesMaxHold { try values.encode(maxHoldSeconds, forKey: .maxHoldSeconds) }
        try values.encodeIfPresent(tags, forKey: .tags)
    }
}
