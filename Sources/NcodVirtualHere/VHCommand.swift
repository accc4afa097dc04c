/// Every verb of the VirtualHere client IPC (reference §4), as the exact line written to the client.
///
/// Verbs are sent in upper case, arguments joined by commas without spaces, the line ended by a newline.
public enum VHCommand: Hashable, Sendable {
    /// Human-readable list of hubs and devices.
    case list
    /// The client's whole state as XML.
    case getClientState
    /// Attach a device to this client, with the password the server's ClientAuthorization asks for.
    case use(address: String, password: String?)
    /// Detach a device (also clears its auto-use flag).
    case stopUsing(address: String)
    /// Stop using every device on every client.
    case stopUsingAll
    /// Stop using every device of this client.
    case stopUsingAllLocal
    /// Key/value description of a device.
    case deviceInfo(address: String)
    /// Key/value description of a hub, by its name as LIST shows it.
    case serverInfo(name: String)
    /// Set a device's nickname on its server.
    case deviceRename(address: String, nickname: String)
    /// Rename a hub; `hubAddress` is `hostname:port` as in LIST.
    case serverRename(hubAddress: String, name: String)
    /// Turn auto-use of all devices on.
    case autoUseAll
    /// Toggle auto-use of every device of a hub.
    case autoUseHub(name: String)
    /// Toggle auto-use of any device on this port.
    case autoUsePort(address: String)
    /// Toggle auto-use of this device on any port.
    case autoUseDevice(address: String)
    /// Toggle auto-use of this device on this port only.
    case autoUseDevicePort(address: String)
    /// Clear every auto-use setting.
    case autoUseClearAll
    /// Add a server to connect to (`host[:port]` or an EasyFind address).
    case manualHubAdd(address: String)
    /// Remove a manual hub.
    case manualHubRemove(address: String)
    /// Remove every manual hub.
    case manualHubRemoveAll
    /// List manual hubs.
    case manualHubList
    /// Tell a server to connect out to a client.
    case addReverse(serverSerial: String, clientAddress: String)
    /// Stop a reverse connection.
    case removeReverse(serverSerial: String, clientAddress: String)
    /// List a server's reverse clients.
    case listReverse(serverSerial: String)
    /// Licenses the client knows.
    case listLicenses
    /// Push a licence key to a server.
    case licenseServer(key: String)
    /// Clear the client log.
    case clearLog
    /// Set a custom server event for a device.
    case customEvent(address: String, event: String)
    /// Auto-find on.
    case autoFind
    /// Reverse lookup on.
    case reverse
    /// Reverse SSL lookup on.
    case sslReverse
    /// Shut the client down.
    case exit
    /// The client's help text.
    case help

    /// The request line, without its newline.
    public var line: String {
        switch self {
        case .list: "LIST"
        case .getClientState: "GET CLIENT STATE"
        case .use(let address, let password): password.map { "USE,\(address),\($0)" } ?? "USE,\(address)"
        case .stopUsing(let address): "STOP USING,\(address)"
        case .stopUsingAll: "STOP USING ALL"
        case .stopUsingAllLocal: "STOP USING ALL LOCAL"
        case .deviceInfo(let address): "DEVICE INFO,\(address)"
        case .serverInfo(let name): "SERVER INFO,\(name)"
        case .deviceRename(let address, let nickname): "DEVICE RENAME,\(address),\(nickname)"
        case .serverRename(let hubAddress, let name): "SERVER RENAME,\(hubAddress),\(name)"
        case .autoUseAll: "AUTO USE ALL"
        case .autoUseHub(let name): "AUTO USE HUB,\(name)"
        case .autoUsePort(let address): "AUTO USE PORT,\(address)"
        case .autoUseDevice(let address): "AUTO USE DEVICE,\(address)"
        case .autoUseDevicePort(let address): "AUTO USE DEVICE PORT,\(address)"
        case .autoUseClearAll: "AUTO USE CLEAR ALL"
        case .manualHubAdd(let address): "MANUAL HUB ADD,\(address)"
        case .manualHubRemove(let address): "MANUAL HUB REMOVE,\(address)"
        case .manualHubRemoveAll: "MANUAL HUB REMOVE ALL"
        case .manualHubList: "MANUAL HUB LIST"
        case .addReverse(let serial, let client): "ADD REVERSE,\(serial),\(client)"
        case .removeReverse(let serial, let client): "REMOVE REVERSE,\(serial),\(client)"
        case .listReverse(let serial): "LIST REVERSE,\(serial)"
        case .listLicenses: "LIST LICENSES"
        case .licenseServer(let key): "LICENSE SERVER,\(key)"
        case .clearLog: "CLEAR LOG"
        case .customEvent(let address, let event): "CUSTOM EVENT,\(address),\(event)"
        case .autoFind: "AUTOFIND"
        case .reverse: "REVERSE"
        case .sslReverse: "SSLREVERSE"
        case .exit: "EXIT"
        case .help: "HELP"
        }
    }

    /// Whether the answer is `OK` or a failure (an action), rather than a payload (a query).
    public var isAction: Bool {
        switch self {
        case .list, .getClientState, .deviceInfo, .serverInfo, .manualHubList, .listReverse, .listLicenses, .help: false
        default: true
        }
    }
}
