import Foundation

/// What the simulator starts with: VirtualHere servers with their devices, and the clients that talk to them.
/// Read from a JSON file (`ncod-vhsim daemon --model model.json`).
public struct SimModel: Codable, Sendable, Equatable {
    /// A simulated `vhusbd`.
    public struct Server: Codable, Sendable, Equatable {
        /// Hub display name (ServerName).
        public var name: String
        /// Advertised host name: the first part of device addresses.
        public var hostname: String
        /// The IP address the clients reach the server at (GET CLIENT STATE `host`/`ip`, SERVER INFO `ADDRESS:`).
        public var ip: String
        /// The slave's sysfs tree (`/sys` or a stand-in) when the simulator follows it: a device whose port is de-authorised
        /// (`authorized` holds 0) or whose folder is gone vanishes as if unplugged, and comes back free when it returns.
        public var sysfsRoot: String?
        /// TCP port.
        public var port: Int
        /// Server serial number.
        public var serial: String
        /// Server version.
        public var version: String
        /// Purchased: ClientAuthorization runs, more than one device may be in use.
        public var licensed: Bool
        /// Devices in use at once; `nil` means unlimited (an unlicensed server allows 1).
        public var maxDevices: Int?
        /// The server's config.ini, whose ClientAuthorization, onBind and onUnbind lines the simulator runs.
        public var configPath: String?
        /// Devices plugged in.
        public var devices: [Device]

        /// Creates a server.
        public init(
            name: String, hostname: String, ip: String = "127.0.0.1", port: Int = 7575, serial: String = UUID().uuidString.lowercased(),
            version: String = "4.6.7", licensed: Bool = true, maxDevices: Int? = nil, configPath: String? = nil, sysfsRoot: String? = nil,
            devices: [Device] = []
        ) {
            self.name = name
            self.hostname = hostname
            self.ip = ip
            self.sysfsRoot = sysfsRoot
            self.port = port
            self.serial = serial
            self.version = version
            self.licensed = licensed
            self.maxDevices = maxDevices
            self.configPath = configPath
            self.devices = devices
        }

        private enum CodingKeys: String, CodingKey {
            case name, hostname, ip, port, serial, version, licensed, maxDevices, configPath, sysfsRoot, devices
        }

        /// Reads a server; `ip` defaults to 127.0.0.1 for models written before it existed.
        public init(from decoder: any Decoder) throws {
            let values = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try values.decode(String.self, forKey: .name), hostname: try values.decode(String.self, forKey: .hostname),
                ip: try values.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1", port: try values.decode(Int.self, forKey: .port),
                serial: try values.decode(String.self, forKey: .serial), version: try values.decode(String.self, forKey: .version),
                licensed: try values.decode(Bool.self, forKey: .licensed), maxDevices: try values.decodeIfPresent(Int.self, forKey: .maxDevices),
                configPath: try values.decodeIfPresent(String.self, forKey: .configPath),
                sysfsRoot: try values.decodeIfPresent(String.self, forKey: .sysfsRoot), devices: try values.decode([Device].self, forKey: .devices))
        }

        /// What SERVER INFO's `MAX DEVICES:` and GET CLIENT STATE's `license_max_devices` both say: 1 without a licence, the
        /// licensed count, or `unlimited`.
        public var deviceLimitText: String { licensed ? (maxDevices.map(String.init) ?? "unlimited") : "1" }
    }

    /// A simulated USB device on a server.
    public struct Device: Codable, Sendable, Equatable {
        /// The integer part of the address (port path digits on Linux).
        public var address: Int
        /// Vendor string.
        public var vendor: String
        /// Product string.
        public var product: String
        /// USB vendor ID.
        public var vendorID: UInt16
        /// USB product ID.
        public var productID: UInt16
        /// Serial number.
        public var serial: String?
        /// Nickname set on the server.
        public var nickname: String?
        /// sysfs path passed as `$DEVPATH$`.
        public var devpath: String?
        /// Held by a client that is not simulated: its `<full name> (<user>)`, IP and host name.
        public var heldBy: OtherClient?

        /// Creates a device.
        public init(
            address: Int, vendor: String, product: String, vendorID: UInt16, productID: UInt16, serial: String? = nil, nickname: String? = nil,
            devpath: String? = nil, heldBy: OtherClient? = nil
        ) {
            self.address = address
            self.vendor = vendor
            self.product = product
            self.vendorID = vendorID
            self.productID = productID
            self.serial = serial
            self.nickname = nickname
            self.devpath = devpath
            self.heldBy = heldBy
        }
    }

    /// A client outside the simulation holding a device.
    public struct OtherClient: Codable, Sendable, Equatable {
        /// Full name (may be empty).
        public var fullName: String
        /// User name.
        public var user: String
        /// IP address.
        public var ip: String
        /// Host name.
        public var hostname: String

        /// Creates one.
        public init(fullName: String, user: String, ip: String, hostname: String = "") {
            self.fullName = fullName
            self.user = user
            self.ip = ip
            self.hostname = hostname
        }
    }

    /// A simulated client daemon (each has its own FIFO pair).
    public struct Client: Codable, Sendable, Equatable {
        /// Short name (`alice`), also the OS user VirtualHere reports.
        public var name: String
        /// Full name, sent in `$CLIENT_ID$` as `<full name> (<name>)`.
        public var fullName: String
        /// IP address the servers see.
        public var ip: String
        /// Host name.
        public var hostname: String
        /// Runs as a service (`-n`), as LIST's last line says.
        public var service: Bool

        /// Creates a client.
        public init(name: String, fullName: String = "", ip: String = "127.0.0.1", hostname: String = "localhost", service: Bool = true) {
            self.name = name
            self.fullName = fullName
            self.ip = ip
            self.hostname = hostname
            self.service = service
        }

        /// `<full name> (<name>)`, or `(<name>)` without a full name: the form VirtualHere prints and passes as `$CLIENT_ID$`.
        public var clientID: String { fullName.isEmpty ? "(\(name))" : "\(fullName) (\(name))" }
    }

    /// Servers.
    public var servers: [Server]
    /// Clients.
    public var clients: [Client]
    /// Seconds after a client dies before the servers release its devices (VirtualHere's PingTimeout, default 9).
    public var pingTimeoutSeconds: Double

    /// Creates a model.
    public init(servers: [Server], clients: [Client], pingTimeoutSeconds: Double = 9) {
        self.servers = servers
        self.clients = clients
        self.pingTimeoutSeconds = pingTimeoutSeconds
    }
}
