/// The rules a new password must meet, with messages a person can act on.
public struct PasswordPolicy: Sendable {
    /// Fewest characters accepted.
    public var minimumLength: Int
    /// Most bytes accepted (UTF-8): bcrypt reads no further, so a longer password would be cut without a word.
    public static let maximumBytes = 72

    /// The policy for user accounts (at least 10 characters).
    public static let standard = PasswordPolicy(minimumLength: 10)
    /// The stricter policy for administrators (at least 12 characters).
    public static let administrator = PasswordPolicy(minimumLength: 12)

    /// Creates a policy.
    public init(minimumLength: Int) { self.minimumLength = minimumLength }

    /// What is wrong with `password` for the account `username`, or `nil` when it is acceptable.
    public func problem(with password: String, username: String) -> Message? {
        if password.count < minimumLength {
            return Message("the password must have at least \(minimumLength) characters", zh: "密码至少需要 \(minimumLength) 个字符")
        }
        if password.utf8.count > Self.maximumBytes {
            return Message(
                "the password must have at most \(Self.maximumBytes) bytes: 72 Latin letters or digits, or 24 Chinese characters",
                zh: "密码最多 \(Self.maximumBytes) 字节：72 个英文字母或数字，或 24 个汉字")
        }
        if password.lowercased().contains(username.lowercased()), !username.isEmpty {
            return Message("the password must not contain the username", zh: "密码不能包含用户名")
        }
        let hasLetter = password.contains { $0.isLetter }
        let hasOther = password.contains { !$0.isLetter }
        if !(hasLetter && hasOther) { return Message("the password must mix letters with digits or symbols", zh: "密码须同时包含字母和数字或符号") }
        return nil
    }
}
