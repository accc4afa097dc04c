/// What `POST /api/v1/devices/{id}/lease` returns: the lease, and what the holder's VirtualHere client needs to use the device.
public struct LeaseGrant: Codable, Hashable, Sendable {
    /// The lease; renew it before ``LeaseView/expiresAt`` with `PUT /api/v1/leases/{id}`.
    public var lease: LeaseView
    /// The one-time VirtualHere password: `USE,<address>,<password>`. Shown only here.
    public var password: String
    /// The VirtualHere address to use.
    public var vhAddress: String
    /// The VirtualHere hub the device is on (`host:port`), for `MANUAL HUB ADD` when the client does not see it yet.
    public var hubAddress: String
    /// Seconds a renewal extends the lease by.
    public var ttlSeconds: Int

    /// Creates a grant.
    public init(lease: LeaseView, password: String, vhAddress: String, hubAddress: String, ttlSeconds: Int) {
        self.lease = lease
        self.password = password
        self.vhAddress = vhAddress
        self.hubAddress = hubAddress
        self.ttlSeconds = ttlSeconds
    }
}
