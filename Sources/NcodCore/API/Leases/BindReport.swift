/// Body of `POST /api/v1/slaves/{id}/binds`: VirtualHere's onBind / onUnbind, so the audit shows real binds
/// and a bind without a lease is caught (the only protection on a server without a licence).
public struct BindReport: Codable, Hashable, Sendable {
    /// `bind` or `unbind`.
    public var event: String
    /// The device's VirtualHere address.
    public var vhAddress: String
    /// `$CLIENT_ID$`, when VirtualHere passes it.
    public var clientID: String
    /// `$CLIENT_IP$`, when VirtualHere passes it.
    public var clientIP: String

    /// Creates a report.
    public init(event: String, vhAddress: String, clientID: String, clientIP: String) {
        self.event = event
        self.vhAddress = vhAddress
        self.clientID = clientID
        self.clientIP = clientIP
    }
}
