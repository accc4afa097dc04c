import Foundation

/// The answer to `LIST`, parsed (reference §5.1): hubs with their devices, and the client's settings from the trailer.
///
/// Parsing goes by line shape, not position, so older wording and unknown lines do not break it.
public struct VHClientList: Hashable, Sendable {
    /// Who holds a device.
    public enum Holder: Hashable, Sendable {
        /// Nobody.
        case free
        /// This client.
        case you
        /// Another client: its `<full name> (<user>)` text and IP address.
        case other(client: String, ip: String)
    }

    /// One device line.
    public struct Device: Hashable, Sendable {
        /// Nickname, or product string.
        public var name: String
        /// `<hostname>.<integer>`.
        public var address: String
        /// Marked `*` (auto-use).
        public var autoUse: Bool
        /// Who holds it.
        public var holder: Holder

        /// Creates a device entry.
        public init(name: String, address: String, autoUse: Bool, holder: Holder) {
            self.name = name
            self.address = address
            self.autoUse = autoUse
            self.holder = holder
        }
    }

    /// One hub line and its devices.
    public struct Hub: Hashable, Sendable {
        /// Display name (the server's ServerName).
        public var name: String
        /// Advertised host name.
        public var host: String
        /// TCP port.
        public var port: Int
        /// Its devices, in listed order.
        public var devices: [Device]

        /// Creates a hub entry.
        public init(name: String, host: String, port: Int, devices: [Device]) {
            self.name = name
            self.host = host
            self.port = port
            self.devices = devices
        }
    }

    /// Hubs in listed order.
    public var hubs: [Hub]
    /// `Auto-Find currently on|off`.
    public var autoFind: Bool?
    /// `Auto-Use All currently on|off`.
    public var autoUseAll: Bool?
    /// `Reverse Lookup currently on|off`.
    public var reverseLookup: Bool?
    /// `Reverse SSL Lookup currently on|off` (absent in older clients).
    public var reverseSSLLookup: Bool?
    /// Whether the client runs as a service (`-n`).
    public var runningAsService: Bool?

    /// Creates a list.
    public init(
        hubs: [Hub], autoFind: Bool? = nil, autoUseAll: Bool? = nil, reverseLookup: Bool? = nil, reverseSSLLookup: Bool? = nil,
        runningAsService: Bool? = nil
    ) {
        self.hubs = hubs
        self.autoFind = autoFind
        self.autoUseAll = autoUseAll
        self.reverseLookup = reverseLookup
        self.reverseSSLLookup = reverseSSLLookup
        self.runningAsService = runningAsService
    }

    /// Every device of every hub.
    public var devices: [Device] { hubs.flatMap(\.devices) }

    /// The device with this address (compared case-insensitively, as the client does).
    public func device(_ address: String) -> Device? {
        devices.first { $0.address.lowercased() == address.lowercased() }
    }

    /// Parses a LIST answer.
    public init(parsing text: String) {
        self.init(hubs: [])
        for raw in VHResponse.sanitize(text).split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw)
            let stripped = line.trimmingCharacters(in: " \t")
            if stripped.hasPrefix("-->") || stripped.hasPrefix("*-->") {
                guard let device = Self.device(stripped), !hubs.isEmpty else { continue }
                hubs[hubs.count - 1].devices.append(device)
            } else if let setting = Self.setting(stripped) {
                switch setting.key {
                case "Auto-Find": autoFind = setting.on
                case "Auto-Use All": autoUseAll = setting.on
                case "Reverse Lookup": reverseLookup = setting.on
                case "Reverse SSL Lookup": reverseSSLLookup = setting.on
                default: break
                }
            } else if stripped.hasSuffix("running as a service") {
                runningAsService = !stripped.contains("not running")
            } else if !line.hasPrefix(" "), let hub = Self.hub(stripped) {
                hubs.append(hub)
            }
        }
    }

    /// `Desktop Hub (SERVER:7575)`: name, then `(host:port)`, the host possibly holding dots or being an IP.
    static func hub(_ line: String) -> Hub? {
        guard line.hasSuffix(")"), let open = line.lastIndex(of: "(") else { return nil }
        let inside = line[line.index(after: open)..<line.index(before: line.endIndex)]
        guard let colon = inside.lastIndex(of: ":"), let port = Int(inside[inside.index(after: colon)...]) else { return nil }
        let name = String(line[..<open]).trimmingCharacters(in: " ")
        return Hub(name: name, host: String(inside[..<colon]), port: port, devices: [])
    }

    /// `--> Token JC (SERVER.73) (In-use by: (michael) at 192.168.0.21)`.
    static func device(_ line: String) -> Device? {
        let autoUse = line.hasPrefix("*")
        var rest = String(line.drop { $0 == "*" }.dropFirst(3)).trimmingCharacters(in: " ")
        var holder = Holder.free
        if rest.hasSuffix("(In-use by you)") {
            holder = .you
            rest = String(rest.dropLast("(In-use by you)".count)).trimmingCharacters(in: " ")
        } else if let range = rest.range(of: "(In-use by:", options: .backwards), rest.hasSuffix(")") {
            let inside = String(rest[range.upperBound..<rest.index(before: rest.endIndex)]).trimmingCharacters(in: " ")
            if let at = inside.range(of: " at ", options: .backwards) {
                holder = .other(
                    client: String(inside[..<at.lowerBound]).trimmingCharacters(in: " "),
                    ip: String(inside[at.upperBound...]).trimmingCharacters(in: " "))
            } else {
                holder = .other(client: inside, ip: "")
            }
            rest = String(rest[..<range.lowerBound]).trimmingCharacters(in: " ")
        }
        guard rest.hasSuffix(")"), let open = rest.lastIndex(of: "(") else { return nil }
        let address = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
        guard address.contains(".") else { return nil }
        return Device(name: String(rest[..<open]).trimmingCharacters(in: " "), address: address, autoUse: autoUse, holder: holder)
    }

    /// `Auto-Find currently on` → ("Auto-Find", true).
    static func setting(_ line: String) -> (key: String, on: Bool)? {
        guard let range = line.range(of: " currently ") else { return nil }
        let value = line[range.upperBound...]
        guard value == "on" || value == "off" else { return nil }
        return (String(line[..<range.lowerBound]), value == "on")
    }
}
