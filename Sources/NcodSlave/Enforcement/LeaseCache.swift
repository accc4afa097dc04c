import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// What the running daemon leaves for the VirtualHere hooks (`<state>/vh.json`, mode 0600): the host name VirtualHere
/// advertises (to turn `$DEVPATH$` or `$ADDRESS$` into a device address) and the active leases from the last report,
/// for deciding ClientAuthorization when the master cannot be asked.
public struct LeaseCache: Codable, Equatable, Sendable {
    /// The advertised host name.
    public var advertisedHostname: String
    /// Active leases on this slave's devices.
    public var leases: [KnownLease]
    /// When the master last said so.
    public var updatedAt: Date

    /// Creates a cache record.
    public init(advertisedHostname: String, leases: [KnownLease], updatedAt: Date) {
        self.advertisedHostname = advertisedHostname
        self.leases = leases
        self.updatedAt = updatedAt
    }

    /// The cache file inside `folder`.
    public static func path(in folder: String) -> String { folder + "/vh.json" }

    /// The cache of `folder`, or `nil` when the daemon has not written one.
    public static func load(from folder: String) -> LeaseCache? {
        FileManager.default.contents(atPath: path(in: folder)).flatMap { try? NcodJSON.decoder().decode(LeaseCache.self, from: $0) }
    }

    /// Writes the cache atomically, mode 0600.
    public func save(in folder: String) throws {
        let path = Self.path(in: folder)
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: try NcodJSON.encoder().encode(self), attributes: [.posixPermissions: 0o600])
        else {
            throw SlaveConfiguration.Invalid(description: "cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else { throw SlaveConfiguration.Invalid(description: "cannot replace \(path)") }
    }

    /// Whether a known, unexpired lease on `vhAddress` has this password MD5.
    public func admits(vhAddress: String, passwordMD5: String, at now: Date) -> KnownLease? {
        leases.first {
            $0.vhAddress.lowercased() == vhAddress.lowercased() && $0.passwordMD5.lowercased() == passwordMD5.lowercased() && $0.expiresAt > now
        }
    }
}
