import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The answer to `GET CLIENT STATE` (reference §5.6): servers with their connection and devices, every value an XML attribute.
/// Unknown attributes are kept; missing ones read as empty.
public struct VHClientState: Hashable, Sendable {
    /// One `<server>`.
    public struct Server: Hashable, Sendable {
        /// The `<connection>` attributes.
        public var connection: [String: String]
        /// The `<device>` elements' attributes.
        public var devices: [Device]

        /// `serverName`.
        public var name: String { connection["serverName"] ?? "" }
        /// `hostname`: the first part of device addresses.
        public var hostname: String { connection["hostname"] ?? "" }
        /// `state` bits: 1 connected, 2 logged in, 4 connecting, 8 closed.
        public var state: Int { Int(connection["state"] ?? "") ?? 0 }
        /// `license_max_devices`.
        public var maxDevices: Int? { Int(connection["license_max_devices"] ?? "") }
    }

    /// One `<device>`.
    public struct Device: Hashable, Sendable {
        /// Its attributes.
        public var attributes: [String: String]
        /// The server's advertised host name, for the address.
        public var hostname: String

        /// `<hostname>.<address>`, as LIST writes it.
        public var address: String { hostname + "." + (attributes["address"] ?? "") }
        /// `idVendor` (decimal in the XML).
        public var vendorID: UInt16? { UInt16(attributes["idVendor"] ?? "") }
        /// `idProduct` (decimal in the XML).
        public var productID: UInt16? { UInt16(attributes["idProduct"] ?? "") }
        /// `state` bits: 1 present, 2 bound.
        public var state: Int { Int(attributes["state"] ?? "") ?? 0 }
        /// Bound to some client.
        public var isBound: Bool { state & 2 != 0 }
        /// Bound to this client: bound, and the binding connection is this client's own.
        public var isBoundByMe: Bool {
            isBound && !(attributes["boundConnectionUUID"] ?? "").isEmpty && attributes["boundConnectionUUID"] == attributes["connectionUUID"]
        }
    }

    /// Servers in document order.
    public var servers: [Server]

    /// Every device of every server.
    public var devices: [Device] { servers.flatMap(\.devices) }

    /// Why a GET CLIENT STATE answer could not be read.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// One-line reason.
        public var description: String
    }

    /// Parses the XML (stray control bytes, such as a trailing status byte, are removed first).
    public init(parsing text: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(VHResponse.sanitize(text).utf8))
        parser.delegate = delegate
        guard parser.parse(), delegate.sawState else {
            throw Invalid(description: "not a client state document: \(parser.parserError.map { "\($0)" } ?? "no <state> element")")
        }
        servers = delegate.servers
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var servers: [Server] = []
        var sawState = false

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]
        ) {
            switch element {
            case "state": sawState = true
            case "server": servers.append(Server(connection: [:], devices: []))
            case "connection": if !servers.isEmpty { servers[servers.count - 1].connection = attributes }
            case "device":
                if !servers.isEmpty {
                    servers[servers.count - 1].devices.append(Device(attributes: attributes, hostname: servers[servers.count - 1].hostname))
                }
            default: break
            }
        }
    }
}
