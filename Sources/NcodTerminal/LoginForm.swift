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

    /// What a key did on a login screen.
    public enum Outcome: Equatable, Sendable {
        /// Typing, or a move between the fields.
        case edited
        /// Enter on a filled form: log in with ``username`` and ``password``.
        case submit
        /// Esc or Ctrl-C: leave.
        case cancel
        /// A key the form does not use (the screen may give it a meaning).
        case ignored
    }

    /// Applies `key`: characters and Backspace edit the focused field, Tab and the arrows switch fields, Enter moves from the
    /// username to an empty password or submits, Esc and Ctrl-C cancel.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .tab, .down, .backTab, .up:
            field = field == .username ? .password : .username
        case .backspace:
            if field == .username { _ = username.popLast() } else { _ = password.popLast() }
        case .character(let character):
            if field == .username { username.append(character) } else { password.append(character) }
        case .enter:
            if field == .username, password.isEmpty {
                field = .password
                return .edited
            }
            return username.isEmpty ? .edited : .submit
        case .escape, .control("c"):
            return .cancel
        default:
            return .ignored
        }
        return .edited
    }
}
