/// The answer to `SERVER INFO,<hub name>` (reference §5.3).
public struct VHServerInfo: Hashable, Sendable {
    /// `NAME:` (the hub name).
    public var name: String
    /// `VERSION:`.
    public var version: String?
    /// `STATE:`, e.g. `Logged in`.
    public var state: String?
    /// `ADDRESS:`.
    public var address: String?
    /// `PORT:`.
    public var port: Int?
    /// `CONNECTED FOR:` in seconds.
    public var connectedSeconds: Int?
    /// `MAX DEVICES:`; 1 on an unlicensed server, `nil` when unlimited or absent.
    public var maxDevices: Int?
    /// `SERIAL NUMBER:`, which a licence is tied to.
    public var serialNumber: String?
    /// Every key of the reply, unknown ones included.
    public var fields: [String: String]

    /// Whether the server is unlicensed (a trial sharing one device at a time).
    public var isTrial: Bool { maxDevices == 1 }

    /// Parses a SERVER INFO reply; `nil` when it names no server.
    public init?(parsing text: String) {
        let values = VHKeyValues(parsing: text)
        guard let name = values["NAME"] else { return nil }
        self.name = name
        version = values["VERSION"]
        state = values["STATE"]
        address = values["ADDRESS"]
        port = values["PORT"].flatMap { Int($0) }
        connectedSeconds = values["CONNECTED FOR"].flatMap { Int($0.split(separator: " ").first ?? "") }
        maxDevices = values["MAX DEVICES"].flatMap { Int($0) }
        serialNumber = values["SERIAL NUMBER"]
        fields = values.values
    }
}
