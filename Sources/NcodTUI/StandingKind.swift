import NcodCore

/// Where a person stands when ncod-tui cannot show the devices yet: one screen each, with what to do next.
public enum StandingKind: Equatable, Sendable {
    /// The account waits for an administrator (this computer is part of the request).
    case accountWaiting
    /// The account is approved; this computer waits.
    case computerWaiting
    /// This computer shows a different key from the one approved; the new key waits.
    case newKeyWaiting
    /// The registration was rejected, with the administrator's words.
    case accountRejected(String?)
    /// The account is disabled, with the administrator's words.
    case accountDisabled(String?)
    /// This computer is not allowed, with the administrator's words.
    case computerRefused(String?)

    /// Whether the screen waits for an administrator (and so checks by itself and moves on).
    public var waits: Bool {
        switch self {
        case .accountWaiting, .computerWaiting, .newKeyWaiting: true
        case .accountRejected, .accountDisabled, .computerRefused: false
        }
    }

    /// The screen for a refused login's problem code, or `nil` when the code is not about standing.
    public static func from(code: String, reason: String?) -> StandingKind? {
        switch code {
        case "account_pending": .accountWaiting
        case "machine_not_bound": .computerWaiting
        case "computer_key_changed": .newKeyWaiting
        case "account_rejected": .accountRejected(reason)
        case "account_disabled": .accountDisabled(reason)
        case "machine_revoked": .computerRefused(reason)
        default: nil
        }
    }

    /// The screen for a standing from the master, or `nil` when the person may log in now.
    public static func from(_ standing: Standing) -> StandingKind? {
        switch (standing.account, standing.computer) {
        case (.rejected, _): .accountRejected(standing.accountReason)
        case (.disabled, _): .accountDisabled(standing.accountReason)
        case (_, .refused): .computerRefused(standing.computerReason)
        case (.pending, _): .accountWaiting
        case (.active, .waiting): .computerWaiting
        case (.active, .newKeyWaiting): .newKeyWaiting
        case (.active, .approved): nil
        }
    }
}
