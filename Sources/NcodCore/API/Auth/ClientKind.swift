/// Which program a login comes from; it decides which checks apply and what the token may reach.
public enum ClientKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// `ncod-tui`: carries the computer's MAC addresses; one must have an approved binding.
    case terminal
    /// `ncod-admin`: administrators only; no MAC check, no device connections.
    case adminConsole = "admin_console"
    /// The master's web pages: registration and the own profile only.
    case web
}
