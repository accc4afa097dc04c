/// Body of `POST /api/v1/auth/login`.
public struct LoginRequest: Codable, Hashable, Sendable {
    /// Login name (case-insensitive).
    public var username: String
    /// Password.
    public var password: String
    /// Which program is logging in.
    public var client: ClientKind
    /// The computer's MAC addresses (terminal client only), from a client that has no key; ``computer`` replaces it.
    public var macs: [String]?
    /// The computer, its key proven by a signed challenge (terminal client only).
    public var computer: ComputerClaim?

    /// Creates a request.
    public init(username: String, password: String, client: ClientKind, macs: [String]? = nil, computer: ComputerClaim? = nil) {
        self.username = username
        self.password = password
        self.client = client
        self.macs = macs
        self.computer = computer
    }
}
