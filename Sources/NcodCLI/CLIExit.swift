import NcodClient
import NcodCore

/// The `ncod` command's exit statuses: stable, documented (`ncod --help`, docs/CI.md), one per thing a script may want to react to.
public enum CLIExit: Int32, CaseIterable, Sendable, Codable {
    /// Done: taken, released, your turn, listed.
    case ok = 0
    /// Something else went wrong; the message says what.
    case failed = 1
    /// The device is held by someone, or kept for the one whose turn it is (and `--wait` was not given).
    case busy = 3
    /// `--timeout` passed before the device was free for you; you left the waiting list.
    case timedOut = 4
    /// Not logged in, or the login has ended (run `ncod login`), or the username or password was wrong.
    case notLoggedIn = 5
    /// This computer is not approved for the account (waiting, refused, or its key changed).
    case computerNotApproved = 6
    /// The account waits for approval, was rejected, or is disabled.
    case accountNotApproved = 7
    /// The master cannot be reached (network, TLS, timeout).
    case masterUnreachable = 8
    /// The VirtualHere client is not running, or refused the device; the lease was given back.
    case virtualHereRefused = 9
    /// No such device, nothing matches, or you do not hold it.
    case notFound = 10
    /// Interrupted (Ctrl-C, SIGTERM) while waiting; you left the waiting list.
    case interrupted = 130
    /// The command line or the settings are wrong.
    case usage = 64

    /// One line for `ncod --help` and docs/CI.md.
    public var meaning: String {
        switch self {
        case .ok: "done"
        case .failed: "another error (the message says what)"
        case .busy: "the device is in use or kept for someone else"
        case .timedOut: "--timeout passed while waiting"
        case .notLoggedIn: "not logged in, login ended, or wrong password: run ncod login"
        case .computerNotApproved: "this computer is not approved for the account"
        case .accountNotApproved: "the account waits for approval, was rejected or is disabled"
        case .masterUnreachable: "the master cannot be reached"
        case .virtualHereRefused: "VirtualHere is not running or refused the device"
        case .notFound: "no such device, nothing matches, or not held by you"
        case .interrupted: "interrupted while waiting"
        case .usage: "bad command line or settings"
        }
    }

    /// The status a problem code from the master stands for.
    public static func of(problemCode code: String) -> CLIExit {
        switch code {
        case "device_busy", "device_reserved", "already_holder": .busy
        case "account_pending", "account_rejected", "account_disabled": .accountNotApproved
        case "machine_not_bound", "machine_revoked", "computer_key_changed", "computer_key_required", "computer_unproven", "terminal_only":
            .computerNotApproved
        case "invalid_token", "invalid_credentials", "invalid_refresh_token", "refresh_token_reused", "login_ended", "token_expired": .notLoggedIn
        case "not_found": .notFound
        case "device_offline": .busy
        default: .failed
        }
    }

    /// The lines of the table in `ncod --help`.
    public static var table: String {
        allCases.sorted { $0.rawValue < $1.rawValue }.map { "  \($0.rawValue)\t\($0.meaning)" }.joined(separator: "\n")
    }
}
