import Foundation
import NcodCore
import NcodTerminal

/// What happens to ncod-tui: a key, or the answer to an effect, or news from the master.
public enum TUIAction: Sendable {
    /// A key press.
    case key(Key)
    /// Login answered: the account.
    case loggedIn(UserProfile)
    /// The login was refused for where the person or this computer stands (`account_pending`, `machine_not_bound`, …), with the
    /// administrator's words when there are any.
    case loginRefused(code: String, reason: String?)
    /// The master said, at the time given, where the request stands.
    case stood(Standing, at: Date)
    /// Something the master or VirtualHere refused, in words for the user (and per-field messages for forms).
    case failed(String, fields: [String: String])
    /// The organisation tree arrived (for registration).
    case orgUnitsLoaded([OrgUnitNode])
    /// Registration went through.
    case registered
    /// The inventory arrived.
    case devicesLoaded([DeviceView])
    /// A device was connected.
    case connected(deviceID: UUID)
    /// A device was released.
    case disconnected(deviceID: UUID)
    /// A lease ended without the user asking: the master's reason code (`forced`, `expired`, `device_removed`, `slave_offline`, …) or
    /// words, and the administrator's own words when one ended it.
    case leaseLost(deviceID: UUID, reason: String, why: String? = nil)
    /// The master stopped answering, or answers again.
    case connection(lost: Bool)
    /// Something changed on the master; the list should be reloaded.
    case changed
    /// The clock, every few seconds: bounded leases about to end are announced.
    case tick(Date)
    /// Every held device is kept as a timed hold until this moment; the program may end.
    case kept(until: Date)
    /// A lease's end was moved (its one extension).
    case extended(deviceID: UUID, until: Date)
    /// It is the user's turn on a waiting list: the device is kept for them until then.
    case turn(deviceID: UUID, until: Date)
    /// The user joined a device's waiting list: their place (0 when it was free for them at once).
    case waitJoined(deviceID: UUID, place: Int)
    /// The user left a device's waiting list.
    case waitLeft(deviceID: UUID)
}

/// The I/O the reducer asks for; the runtime carries it out and answers with actions.
public enum TUIEffect: Equatable, Sendable {
    /// Log in with the terminal client's MAC addresses.
    case login(username: String, password: String)
    /// Ask the master where the request stands now and every few seconds, until stopped.
    case watchStanding(username: String)
    /// Stop asking.
    case stopWatching
    /// Fetch the organisation tree.
    case loadOrgUnits
    /// Register an account.
    case register(RegisterRequest)
    /// Fetch the inventory.
    case loadDevices
    /// Start following the master's event stream.
    case followEvents
    /// Connect a device through VirtualHere.
    case connect(UUID)
    /// Release a device.
    case disconnect(UUID)
    /// Release every device, then quit.
    case releaseAllAndQuit
    /// Keep every held device as a timed hold until the end typed (`2h`, `18:00`), then quit.
    case keepAllAndQuit(String)
    /// Extend the lease on a device (its one extension).
    case extend(UUID)
    /// Join a device's waiting list.
    case joinWait(UUID)
    /// Leave a waiting list (the wait, and its device).
    case leaveWait(UUID, deviceID: UUID)
    /// Ring the terminal's bell.
    case bell
    /// Quit.
    case quit
}
