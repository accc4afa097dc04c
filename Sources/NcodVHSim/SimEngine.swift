import Crypto
import Foundation
import NcodCore

/// The simulated VirtualHere world: servers with devices, clients with their settings and bindings.
/// Answers every IPC verb of the reference's section 4 in the formats of section 5, runs the server hooks of section 8,
/// and takes a few `SIM …` verbs that stand for the physical world (plug, unplug, a client dying). It never claims to be VirtualHere.
public final class SimEngine: @unchecked Sendable {
    private struct Binding: Equatable {
        var client: String
    }

    private let lock = NSLock()
    private var servers: [SimModel.Server]
    private var clients: [String: SimModel.Client]
    private var bindings: [String: Binding] = [:]  // address (lower-cased) → holder
    private var autoUse: [String: Set<String>] = [:]  // client → addresses
    private var settings: [String: [String: Bool]] = [:]  // client → Auto-Find, Auto-Use All, …
    private var manualHubs: [String: [String]] = [:]
    private var reverse: [String: [String]] = [:]
    private var deaths: [String: Date] = [:]
    private var downServers: Set<String> = []
    /// Devices of servers that follow a sysfs tree whose port is de-authorised or gone (address, lower-cased).
    private var vanished: Set<String> = []
    private let started: Date
    private let pingTimeout: TimeInterval
    private let now: @Sendable () -> Date
    private let hooks: any SimHookRunner
    /// Set by `EXIT`: the daemon stops.
    public private(set) var exitRequested = false

    /// An engine over `model`.
    public init(model: SimModel, now: @escaping @Sendable () -> Date = { Date() }, hooks: any SimHookRunner = ShellHookRunner()) {
        self.servers = model.servers
        self.clients = Dictionary(uniqueKeysWithValues: model.clients.map { ($0.name, $0) })
        self.pingTimeout = model.pingTimeoutSeconds
        self.now = now
        self.hooks = hooks
        self.started = now()
        for client in model.clients {
            settings[client.name] = ["Auto-Find": true, "Auto-Use All": false, "Reverse Lookup": false, "Reverse SSL Lookup": false]
        }
    }

    /// The answer to `line` from `client`.
    public func handle(_ line: String, from client: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        releaseDeadClients()
        followSysfs()
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        // An empty request still gets an answer: a caller waiting on the response pipe must never hang.
        guard !trimmed.isEmpty else { return "FAILED\n" }
        let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let verb = parts[0].uppercased()
        let arguments = Array(parts.dropFirst())
        guard let me = clients[client] else { return "ERROR: unknown client \(client)\n" }
        switch verb {
        case "LIST": return list(for: me)
        case "GET CLIENT STATE": return clientState(for: me)
        case "USE": return use(arguments, by: me)
        case "STOP USING": return stopUsing(arguments.first ?? "", by: me)
        case "STOP USING ALL": return stopAll { _ in true }
        case "STOP USING ALL LOCAL": return stopAll { $0 == me.name }
        case "DEVICE INFO": return deviceInfo(arguments.first ?? "", for: me)
        case "SERVER INFO": return serverInfo(arguments.first ?? "")
        case "DEVICE RENAME": return rename(device: arguments.first ?? "", to: arguments.dropFirst().joined(separator: ","))
        case "SERVER RENAME": return rename(server: arguments.first ?? "", to: arguments.dropFirst().joined(separator: ","))
        case "AUTO USE ALL": return setting("Auto-Use All", for: me)
        case "AUTOFIND": return setting("Auto-Find", for: me)
        case "REVERSE": return setting("Reverse Lookup", for: me)
        case "SSLREVERSE": return setting("Reverse SSL Lookup", for: me)
        case "AUTO USE HUB", "AUTO USE PORT", "AUTO USE DEVICE", "AUTO USE DEVICE PORT": return toggleAutoUse(verb, arguments.first ?? "", for: me)
        case "AUTO USE CLEAR ALL":
            autoUse[me.name] = []
            return "OK\n"
        case "MANUAL HUB ADD":
            manualHubs[me.name, default: []].append(arguments.first ?? "")
            return "OK\n"
        case "MANUAL HUB REMOVE":
            manualHubs[me.name, default: []].removeAll { $0 == arguments.first }
            return "OK\n"
        case "MANUAL HUB REMOVE ALL":
            manualHubs[me.name] = []
            return "OK\n"
        case "MANUAL HUB LIST": return (manualHubs[me.name] ?? []).map { $0 + "\n" }.joined()
        case "ADD REVERSE":
            reverse[arguments.first ?? "", default: []].append(arguments.dropFirst().first ?? "")
            return "OK\n"
        case "REMOVE REVERSE":
            reverse[arguments.first ?? "", default: []].removeAll { $0 == arguments.dropFirst().first }
            return "OK\n"
        case "LIST REVERSE": return (reverse[arguments.first ?? ""] ?? []).map { $0 + "\n" }.joined()
        case "LIST LICENSES":
            return servers.filter(\.licensed).map { "SIMULATED-LICENSE,s/n=\($0.serial),\($0.maxDevices.map(String.init) ?? "unlimited") devices\n" }
                .joined()
        case "LICENSE SERVER", "CLEAR LOG", "CUSTOM EVENT": return "OK\n"
        case "EXIT":
            exitRequested = true
            return "OK\n"
        case "HELP": return Self.help
        case "SIM PLUG": return plug(arguments)
        case "SIM UNPLUG": return unplug(arguments.first ?? "")
        case "SIM KILL":
            deaths[arguments.first ?? ""] = now()
            return "OK\n"
        case "SIM SERVER DOWN":
            downServers.insert((arguments.first ?? "").lowercased())
            return "OK\n"
        case "SIM SERVER UP":
            downServers.remove((arguments.first ?? "").lowercased())
            return "OK\n"
        default: return "ERROR: unknown command \(parts[0])\n"
        }
    }

    /// Releases what clients that died longer than the ping timeout ago still held (the server noticed they are gone).
    public func tick() {
        lock.lock()
        defer { lock.unlock() }
        releaseDeadClients()
        followSysfs()
    }

    // MARK: - Queries

    private var visibleServers: [SimModel.Server] {
        servers.filter { !downServers.contains($0.hostname.lowercased()) }.map { server in
            var shown = server
            shown.devices.removeAll { vanished.contains("\(server.hostname).\($0.address)".lowercased()) }
            return shown
        }
    }

    private func list(for me: SimModel.Client) -> String {
        var text = "VirtualHere Client IPC, below are the available devices:\n(Value in brackets = address, * = Auto-Use)\n\n"
        for server in visibleServers {
            text += "\(server.name) (\(server.hostname):\(server.port))\n"
            for device in server.devices {
                let address = "\(server.hostname).\(device.address)"
                let marker = (autoUse[me.name] ?? []).contains(address.lowercased()) ? "  *--> " : "   --> "
                text += marker + "\(device.nickname ?? device.product) (\(address))" + inUseMarker(address, device, for: me) + "\n"
            }
            text += "\n"
        }
        if visibleServers.isEmpty { text += "\n" }
        let mine = settings[me.name] ?? [:]
        for key in ["Auto-Find", "Auto-Use All", "Reverse Lookup", "Reverse SSL Lookup"] {
            text += "\(key) currently \(mine[key] == true ? "on" : "off")\n"
        }
        text += me.service ? "VirtualHere Client is running as a service\n" : "VirtualHere Client not running as a service\n"
        return text
    }

    private func inUseMarker(_ address: String, _ device: SimModel.Device, for me: SimModel.Client) -> String {
        if let binding = bindings[address.lowercased()] {
            if binding.client == me.name { return " (In-use by you)" }
            let holder = clients[binding.client]
            return " (In-use by: \(holder?.clientID ?? "(\(binding.client))") at \(holder?.ip ?? ""))"
        }
        if let other = device.heldBy {
            let id = other.fullName.isEmpty ? "(\(other.user))" : "\(other.fullName) (\(other.user))"
            return " (In-use by: \(id) at \(other.ip))"
        }
        return ""
    }

    private func deviceInfo(_ address: String, for me: SimModel.Client) -> String {
        guard let (server, device) = find(address) else { return "FAILED\n" }
        var text = "ADDRESS: \(server.hostname).\(device.address)\nVENDOR: \(device.vendor)\nVENDOR ID: 0x\(Self.hex(device.vendorID))\n"
        text += "PRODUCT: \(device.product)\nPRODUCT ID: 0x\(Self.hex(device.productID))\n"
        if let serial = device.serial { text += "SERIAL: \(serial)\n" }
        if let nickname = device.nickname { text += "NICKNAME: \(nickname)\n" }
        let key = "\(server.hostname).\(device.address)".lowercased()
        if let binding = bindings[key] {
            if binding.client == me.name {
                text += "IN USE BY: YOU\n"
            } else {
                let holder = clients[binding.client]
                text += "IN USE BY: \(holder?.clientID ?? binding.client) AT \(holder?.ip ?? "") (\(holder?.hostname ?? ""))\n"
            }
        } else if let other = device.heldBy {
            text +=
                "IN USE BY: \(other.fullName.isEmpty ? "(\(other.user))" : "\(other.fullName) (\(other.user))") AT \(other.ip) (\(other.hostname))\n"
        } else {
            text += "IN USE BY: NO ONE\n"
        }
        return text
    }

    private func serverInfo(_ name: String) -> String {
        guard let server = visibleServers.first(where: { $0.name.lowercased() == name.lowercased() }) else { return "FAILED\n" }
        return """
            NAME: \(server.name)
            VERSION: \(server.version)
            STATE: Logged in
            ADDRESS: \(server.ip) (\(server.ip))
            PORT: \(server.port)
            CONNECTED FOR: \(Int(now().timeIntervalSince(started))) sec
            MAX DEVICES: \(server.deviceLimitText)
            CONNECTION ID: \((servers.firstIndex { $0.hostname == server.hostname } ?? 0) + 1)
            INTERFACE:
            SERIAL NUMBER: \(server.serial)
            EASYFIND: not enabled

            """
    }

    private func clientState(for me: SimModel.Client) -> String {
        let myConnection = Data("conn-\(me.name)".utf8).base64EncodedString()
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<state>\n"
        for (index, server) in visibleServers.enumerated() {
            xml += "  <server>\n    <connection connectionId=\"\(index + 1)\" secure=\"0\" serverMajor=\"4\" serverMinor=\"6\" serverRevision=\"7\" "
            xml += "remoteAdmin=\"0\" serverName=\"\(Self.escape(server.name))\" interfaceName=\"\" hostname=\"\(Self.escape(server.hostname))\" "
            xml +=
                "serverSerial=\"\(server.serial)\" license_max_devices=\"\(server.deviceLimitText)\" state=\"3\" connectedTime=\"\(Int(now().timeIntervalSince(started)))\" "
            xml +=
                "host=\"\(Self.escape(server.ip))\" port=\"\(server.port)\" error=\"0\" uuid=\"\(myConnection)\" ip=\"\(Self.escape(server.ip))\"/>\n"
            for device in server.devices {
                let key = "\(server.hostname).\(device.address)".lowercased()
                let binding = bindings[key]
                let holder = binding.flatMap { clients[$0.client] }
                let bound = binding != nil || device.heldBy != nil
                let boundUUID = binding.map { Data("conn-\($0.client)".utf8).base64EncodedString() } ?? (device.heldBy != nil ? "b3RoZXI=" : "")
                // Who holds it, as LIST names them: a simulated client, or one outside the simulation.
                let holderID = holder?.clientID ?? device.heldBy.map { $0.fullName.isEmpty ? "(\($0.user))" : "\($0.fullName) (\($0.user))" } ?? ""
                let holderIP = Self.rawAddress(holder?.ip ?? device.heldBy?.ip ?? "")
                xml +=
                    "    <device vendor=\"\(Self.escape(device.vendor))\" product=\"\(Self.escape(device.product))\" idVendor=\"\(device.vendorID)\" "
                xml += "idProduct=\"\(device.productID)\" address=\"\(device.address)\" connectionId=\"\(index + 1)\" state=\"\(bound ? 3 : 1)\" "
                xml +=
                    "serverSerial=\"\(server.serial)\" serverName=\"\(Self.escape(server.name))\" deviceSerial=\"\(Self.escape(device.serial ?? ""))\" "
                xml += "connectionUUID=\"\(myConnection)\" boundConnectionUUID=\"\(boundUUID)\" "
                xml += "boundConnectionIp=\"\(holderIP)\" boundConnectionIp6=\"\" "
                xml +=
                    "boundClientHostname=\"\(Self.escape(holder?.hostname ?? device.heldBy?.hostname ?? ""))\" nickname=\"\(Self.escape(device.nickname ?? ""))\" "
                xml +=
                    "clientId=\"\(Self.escape(holderID))\" autoUse=\"\((autoUse[me.name] ?? []).contains(key) ? "auto-use-device" : "not-set")\"/>\n"
            }
            xml += "  </server>\n"
        }
        return xml + "</state>\n"
    }

    // MARK: - Actions

    private func use(_ arguments: [String], by me: SimModel.Client) -> String {
        guard let address = arguments.first, let (serverIndex, deviceIndex) = index(of: address) else { return "FAILED\n" }
        let server = servers[serverIndex]
        let device = server.devices[deviceIndex]
        let key = "\(server.hostname).\(device.address)".lowercased()
        if let binding = bindings[key] { return binding.client == me.name ? "OK\n" : "FAILED\n" }
        if device.heldBy != nil { return "FAILED\n" }
        let limit = server.licensed ? server.maxDevices : 1
        let inUse = bindings.keys.filter { $0.hasPrefix(server.hostname.lowercased() + ".") }.count
        if let limit, inUse >= limit {
            return "ERROR: You need to purchase a license for your Server (\(server.hostname):\(server.port)) to use more than \(limit) device\n"
        }
        let config = server.configPath.flatMap { FileManager.default.contents(atPath: $0) }.map {
            VirtualHereServerConfig(text: String(decoding: $0, as: UTF8.self))
        }
        // Everything after the address is the password, commas included.
        let password = arguments.count > 1 ? arguments.dropFirst().joined(separator: ",") : nil
        var variables = self.variables(server, device, me)
        variables["PASSWORD"] = password.map(Self.md5Hex) ?? ""
        variables["NUM_BINDINGS"] = String(bindings.values.filter { $0.client == me.name }.count)
        // Only a purchased server runs ClientAuthorization (reference §8.6–8.7).
        if server.licensed, let authorization = config?.value("ClientAuthorization") {
            switch hooks.run(Self.substitute(authorization, variables)) {
            case 1: break
            case 2: return password == nil ? "FAILED: password required\n" : "FAILED: wrong password\n"
            case 3: return "FAILED: username required\n"
            default: return "FAILED\n"
            }
        }
        bindings[key] = Binding(client: me.name)
        if let onBind = config?.value("onBind") { _ = hooks.run(Self.substitute(onBind, variables)) }
        return "OK\n"
    }

    private func stopUsing(_ address: String, by me: SimModel.Client) -> String {
        guard let (serverIndex, deviceIndex) = index(of: address) else { return "FAILED\n" }
        let key = "\(servers[serverIndex].hostname).\(servers[serverIndex].devices[deviceIndex].address)".lowercased()
        guard bindings[key]?.client == me.name else { return "FAILED\n" }
        unbind(key, serverIndex: serverIndex, deviceIndex: deviceIndex)
        autoUse[me.name]?.remove(key)
        return "OK\n"
    }

    private func stopAll(_ which: (String) -> Bool) -> String {
        for (key, binding) in bindings where which(binding.client) {
            if let (serverIndex, deviceIndex) = index(of: key) { unbind(key, serverIndex: serverIndex, deviceIndex: deviceIndex) }
        }
        return "OK\n"
    }

    private func unbind(_ key: String, serverIndex: Int, deviceIndex: Int) {
        guard let binding = bindings.removeValue(forKey: key), let holder = clients[binding.client] else { return }
        let server = servers[serverIndex]
        let config = server.configPath.flatMap { FileManager.default.contents(atPath: $0) }.map {
            VirtualHereServerConfig(text: String(decoding: $0, as: UTF8.self))
        }
        if let onUnbind = config?.value("onUnbind") {
            _ = hooks.run(Self.substitute(onUnbind, variables(server, server.devices[deviceIndex], holder)))
        }
    }

    private func rename(device address: String, to nickname: String) -> String {
        guard let (serverIndex, deviceIndex) = index(of: address), !nickname.isEmpty else { return "FAILED\n" }
        servers[serverIndex].devices[deviceIndex].nickname = nickname
        return "OK\n"
    }

    private func rename(server hubAddress: String, to name: String) -> String {
        guard let index = servers.firstIndex(where: { "\($0.hostname):\($0.port)".lowercased() == hubAddress.lowercased() }), !name.isEmpty else {
            return "FAILED\n"
        }
        servers[index].name = name
        return "OK\n"
    }

    private func setting(_ key: String, for me: SimModel.Client) -> String {
        settings[me.name, default: [:]][key] = true
        return "OK\n"
    }

    private func toggleAutoUse(_ verb: String, _ argument: String, for me: SimModel.Client) -> String {
        if verb == "AUTO USE HUB" {
            guard let server = servers.first(where: { $0.name.lowercased() == argument.lowercased() }) else { return "FAILED\n" }
            for device in server.devices { autoUse[me.name, default: []].insert("\(server.hostname).\(device.address)".lowercased()) }
            return "OK\n"
        }
        guard index(of: argument) != nil else { return "FAILED\n" }
        let key = argument.lowercased()
        if autoUse[me.name, default: []].contains(key) { autoUse[me.name]?.remove(key) } else { autoUse[me.name, default: []].insert(key) }
        return "OK\n"
    }

    // MARK: - The physical world

    /// `SIM PLUG,<hostname>,<address>,<vid hex>,<pid hex>,<vendor>,<product>[,<serial>]`.
    private func plug(_ arguments: [String]) -> String {
        guard arguments.count >= 7, let server = servers.firstIndex(where: { $0.hostname.lowercased() == arguments[0].lowercased() }),
            let address = Int(arguments[1]), let vendorID = UInt16(arguments[2], radix: 16), let productID = UInt16(arguments[3], radix: 16)
        else { return "ERROR: SIM PLUG,<hostname>,<address>,<vid>,<pid>,<vendor>,<product>[,<serial>]\n" }
        servers[server].devices.removeAll { $0.address == address }
        servers[server].devices.append(
            SimModel.Device(
                address: address, vendor: arguments[4], product: arguments[5], vendorID: vendorID, productID: productID,
                serial: arguments.count > 6 ? arguments[6] : nil)
        )
        return "OK\n"
    }

    /// `SIM UNPLUG,<hostname>.<address>`: the device vanishes; a client using it loses it.
    private func unplug(_ address: String) -> String {
        guard let (serverIndex, deviceIndex) = index(of: address) else { return "FAILED\n" }
        let key = address.lowercased()
        if bindings[key] != nil { unbind(key, serverIndex: serverIndex, deviceIndex: deviceIndex) }
        servers[serverIndex].devices.remove(at: deviceIndex)
        return "OK\n"
    }

    private func releaseDeadClients() {
        let moment = now()
        for (client, died) in deaths where moment.timeIntervalSince(died) >= pingTimeout {
            for (key, binding) in bindings where binding.client == client {
                if let (serverIndex, deviceIndex) = index(of: key) { unbind(key, serverIndex: serverIndex, deviceIndex: deviceIndex) }
            }
        }
    }

    /// For servers that follow a sysfs tree: a device whose port is de-authorised or whose folder is gone vanishes (its
    /// binding dropped, onUnbind run), and one that is back comes back free.
    private func followSysfs() {
        for (serverIndex, server) in servers.enumerated() {
            guard let root = server.sysfsRoot else { continue }
            for (deviceIndex, device) in server.devices.enumerated() {
                let key = "\(server.hostname).\(device.address)".lowercased()
                let port = (device.devpath ?? "").split(separator: "/").last.map(String.init) ?? ""
                let folder = root + "/bus/usb/devices/" + port
                let authorized = FileManager.default.contents(atPath: folder + "/authorized").map {
                    String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) != "0"
                }
                var isFolder: ObjCBool = false
                let present =
                    !port.isEmpty && FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
                    && authorized != false
                if !present, vanished.insert(key).inserted {
                    if bindings[key] != nil { unbind(key, serverIndex: serverIndex, deviceIndex: deviceIndex) }
                } else if present {
                    vanished.remove(key)
                }
            }
        }
    }

    // MARK: - Helpers

    /// `boundConnectionIp`: the base64 of the raw 4- or 16-byte address (reference §5.6); empty for none.
    static func rawAddress(_ ip: String) -> String {
        if ip.isEmpty { return "" }
        var v4 = in_addr()
        if inet_pton(AF_INET, ip, &v4) == 1 { return withUnsafeBytes(of: &v4) { Data($0) }.base64EncodedString() }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, ip, &v6) == 1 { return withUnsafeBytes(of: &v6) { Data($0) }.base64EncodedString() }
        return ""
    }

    private func find(_ address: String) -> (SimModel.Server, SimModel.Device)? {
        index(of: address).map { (servers[$0.0], servers[$0.0].devices[$0.1]) }
    }

    /// The server and device of `<hostname>.<integer>` (split on the last dot, compared case-insensitively).
    private func index(of address: String) -> (Int, Int)? {
        guard let dot = address.lastIndex(of: "."), let number = Int(address[address.index(after: dot)...]) else { return nil }
        let host = address[..<dot].lowercased()
        for (serverIndex, server) in servers.enumerated() where server.hostname.lowercased() == host && !downServers.contains(host) {
            if let deviceIndex = server.devices.firstIndex(where: { $0.address == number }), !vanished.contains(address.lowercased()) {
                return (serverIndex, deviceIndex)
            }
        }
        return nil
    }

    private func variables(_ server: SimModel.Server, _ device: SimModel.Device, _ client: SimModel.Client) -> [String: String] {
        [
            "ADDRESS": String(device.address), "VENDOR_ID": Self.hex(device.vendorID), "PRODUCT_ID": Self.hex(device.productID),
            "PRODUCT_SERIAL": device.serial ?? "", "DEVPATH": device.devpath ?? "/sys/bus/usb/devices/\(device.address)",
            "NICKNAME": device.nickname ?? "", "CLIENT_ID": client.clientID, "CLIENT_IP": client.ip, "CLIENT_HOSTNAME": client.hostname,
        ]
    }

    /// `$NAME$` replaced by its value; characters that would end the quoting in a config line are dropped from values.
    static func substitute(_ template: String, _ variables: [String: String]) -> String {
        var result = template
        for (name, value) in variables {
            let safe = value.filter { !"\"`$\\".contains($0) }
            result = result.replacingOccurrences(of: "$\(name)$", with: safe)
        }
        return result
    }

    /// Lower-case hex MD5 of the password, the form ClientAuthorization receives (reference §8.6).
    public static func md5Hex(_ password: String) -> String {
        Insecure.MD5.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func hex(_ value: UInt16) -> String { String(format: "%04x", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The simulator's HELP text, in the client's format (reference §5.5).
    static let help = """
        VirtualHere Client (v5.0.0 simulated by ncod-vhsim) IPC commands (<> = required, [] = optional):
        List devices:
        "LIST"
        Use a device:
        "USE,<address>[,password]"
        Stop using a device:
        "STOP USING,<address>"
        Stop using all devices on all clients:
        "STOP USING ALL"
        Stop using all devices just for this client:
        "STOP USING ALL LOCAL"
        Device Information:
        "DEVICE INFO,<address>"
        Server Information:
        "SERVER INFO,<server name>"
        Get Client State:
        "GET CLIENT STATE"

        """
}
