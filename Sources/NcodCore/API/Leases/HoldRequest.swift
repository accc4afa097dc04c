#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `PUT /api/v1/leases/{id}` that moves a lease's end: keep the device until ``until``, as a timed hold (``timed``: it
/// lasts without the client renewing it, for a person who quits or a CI job) or as an extension of a lease still renewed.
/// Without a body the same request renews the lease.
public struct HoldRequest: Codable, Hashable, Sendable {
    /// The new end; at least 30 seconds from now, and within the device's maximum hold from now.
    public var until: Date
    /// Kept without renewals until ``until``.
    public var timed: Bool

    /// Creates a request.
    public init(until: Date, timed: Bool) {
        self.until = until
        self.timed = timed
    }
}
