import Foundation
import NcodCore
import NcodTerminal

/// Everything ncod-tui shows, as a value: the reducer changes it, the renderer draws it.
public struct TUIState: Equatable, Sendable {
    /// Which screen is up.
    public enum Screen: Equatable, Sendable {
        /// Username and password.
        case login
        /// Self-registration.
        case register
        /// Where the person and this computer stand: waiting for an administrator, or refused.
        case standing(StandingKind)
        /// Every device (or only mine).
        case devices
        /// One device.
        case details(UUID)
    }

    /// How the device list is ordered within each slave.
    public enum Sort: String, Equatable, Sendable, CaseIterable {
        /// By name.
        case name
        /// By status: free, mine, in use, offline.
        case status
        /// By VirtualHere address.
        case address
    }

    /// A line at the bottom: progress, a result, or an error.
    public typealias Status = StatusLine

    /// The screen up now.
    public var screen: Screen = .login
    /// The language every text is shown in.
    public var language: Language
    /// The master's URL (shown on the login screen).
    public var masterURL: String
    /// This computer's MAC addresses (shown on the login screen, sent with the login).
    public var macs: [String]
    /// This computer's host name (shown while waiting).
    public var hostname = ""
    /// This computer's key fingerprint, as the administrator sees it (shown while waiting).
    public var fingerprint = ""
    /// When the master last said where the request stands.
    public var checkedAt: Date?
    /// The login form.
    public var login = LoginForm()
    /// The registration form.
    public var register = RegisterForm()
    /// The account logged in.
    public var profile: UserProfile?
    /// The inventory.
    public var devices: [DeviceView] = []
    /// The selected device.
    public var selectedID: UUID?
    /// The search text.
    public var search = ""
    /// Typing goes to the search field.
    public var searching = false
    /// Only free devices.
    public var freeOnly = false
    /// Only the caller's devices ("my devices").
    public var mineOnly = false
    /// Order within each slave.
    public var sort = Sort.name
    /// The bottom line.
    public var status: Status?
    /// The master cannot be reached (a banner is up; reconnecting by itself).
    public var connectionLost = false
    /// The help overlay is up.
    public var showingHelp = false
    /// The "release your devices?" question is up.
    public var askingToQuit = false
    /// Keeping the devices on quit: the end being typed (`2h`, `18:00`); `nil` when not asking.
    public var keepUntil: String?
    /// Devices whose coming end was announced (two minutes before it), so that it is said once.
    public var warnedEnds: Set<UUID> = []
    /// The time zone times are shown in.
    public var timeZone = TimeZone.current
    /// The time of the last clock tick (for "until 11:00" and the warning before a lease's end).
    public var now = Date()
    /// The program should end.
    public var finished = false
    /// It is the user's turn for a device they waited for: it is kept for them until then (a banner on every screen).
    public var turn: Turn?

    /// A device kept for the user, their turn on its waiting list.
    public struct Turn: Equatable, Sendable {
        /// The device.
        public var deviceID: UUID
        /// The end of the hold window.
        public var until: Date
    }

    /// A fresh state on the login screen.
    public init(language: Language, masterURL: String, macs: [String], username: String = "") {
        self.language = language
        self.masterURL = masterURL
        self.macs = macs
        login.username = username
    }

    /// The devices the list shows now: filtered, then grouped by slave and ordered within each.
    public var visibleDevices: [DeviceView] { DeviceFilter.apply(devices, search: search, freeOnly: freeOnly, mineOnly: mineOnly, sort: sort) }

    /// Whether the caller holds any device (one connected a moment ago counts at once, before the list reloads).
    public var holdsDevices: Bool { devices.contains(where: \.heldByMe) }
}

/// The registration form.
public struct RegisterForm: Equatable, Sendable {
    /// Which field typing goes to.
    public enum Field: Int, Equatable, Sendable, CaseIterable { case username, displayName, password, contact, department }
    /// Username.
    public var username = ""
    /// Name.
    public var displayName = ""
    /// Password (never drawn).
    public var password = ""
    /// Phone or e-mail.
    public var contact = ""
    /// The departments to choose from: id and "organisation / company / department".
    public var departments: [Department] = []
    /// The chosen department's index.
    public var departmentIndex = 0
    /// The focused field.
    public var field = Field.username
    /// Messages per field from the master.
    public var errors: [String: String] = [:]

    /// A department to choose.
    public struct Department: Equatable, Sendable {
        /// Its id.
        public var id: UUID
        /// Its path, root first.
        public var path: String
    }
}
