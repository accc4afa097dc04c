import NcodClient
import NcodVirtualHere

/// Why a device could not be connected; each case says what happened in words a user can act on.
public enum ConnectError: Error, Equatable, CustomStringConvertible {
    /// The master refused or could not be reached (not bound, pending, taken by someone, slave offline, …).
    case master(APIError)
    /// The local VirtualHere client is not running.
    case virtualHereNotRunning(String)
    /// VirtualHere refused the device (the slave's authorization said no, or a trial server is full).
    case refusedByVirtualHere(String)
    /// VirtualHere never showed the device as ours.
    case notConfirmed(String)

    /// One line for people.
    public var description: String {
        switch self {
        case .master(let error): "\(error)"
        case .virtualHereNotRunning(let detail): "the VirtualHere client is not running on this computer (\(detail)); start it and try again"
        case .refusedByVirtualHere(let reason): "VirtualHere refused the device" + (reason.isEmpty ? "" : ": \(reason)")
        case .notConfirmed(let address): "VirtualHere did not show \(address) as in use by you; try again"
        }
    }
}
