/// A username and password form, as ncod-tui and ncod-admin show it.
public struct LoginForm: Equatable, Sendable {
    /// Which field typing goes to.
    public enum Field: Equatable, Sendable { case username, password }
    /// Username typed.
    public var username = ""
    /// Password typed (never drawn).
    public var password = ""
    /// The focused field.
    public var field = Field.username

    /// An empty form with `username` filled in.
    public init(username: String = "") { self.username = username }

    /// Applies a typing key (characters, backspace, Tab and arrows between the fields); false when `key` is not one.
    public mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .tab, .down, .backTab, .up:
            field = field == .username ? .password : .username
        case .backspace:
            if field == .username { _ = username.popLast() } else { _ = password.popLast() }
        case .character(let character):
            if field == .username { username.append(character) } else { password.append(character) }
        default:
            return false
        }
        return true
    }

    /// What Enter does: moves from the username to an empty password, or says the form is ready to send.
    public mutating func submit() -> Bool {
        if field == .username, password.isEmpty {
            field = .password
            return false
        }
        return !username.isEmpty
    }
}
