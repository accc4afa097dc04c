/// Body of `POST /api/v1/slaves/{id}/authorize`: VirtualHere asks whether a client may use a device (ClientAuthorization).
public struct AuthorizationRequest: Codable, Hashable, Sendable {
    /// The device's VirtualHere address.
    public var vhAddress: String
    /// `$PASSWORD$`: the MD5 of what the client gave; empty when it gave none.
    public var passwordMD5: String
    /// `$CLIENT_ID$`: `<full name> (<user>)`.
    public var clientID: String
    /// `$CLIENT_IP$`.
    public var clientIP: String

    /// Creates a request.
    public init(vhAddress: String, passwordMD5: String, clientID: String, clientIP: String) {
        self.vhAddress = vhAddress
        self.passwordMD5 = passwordMD5
        self.clientID = clientID
        self.clientIP = clientIP
    }

    /// The master's decision.
    public struct Decision: Codable, Hashable, Sendable {
        /// Whether the client may use the device.
        public var allow: Bool
        /// Why, for the slave's log.
        public var reason: String
        /// The holder's username when a lease matched.
        public var holder: String?

        /// Creates a decision.
        public init(allow: Bool, reason: String, holder: String? = nil) {
            self.allow = allow
            self.reason = reason
            self.holder = holder
        }
    }
}
