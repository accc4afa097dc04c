#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Frees a device from whoever holds it in VirtualHere: the port is de-authorised through sysfs
/// (`/sys/bus/usb/devices/<port>/authorized` ← 0), which makes the device vanish as an unplug does, and the VirtualHere
/// server drops the binding; after ``offTime`` it is authorised again and comes back free. VirtualHere has no IPC verb to
/// take a device from a client (reference §7), and the server has no management API; docs/DECISIONS.md says why this way.
public struct PortDetacher: Sendable {
    /// The folder standing for `/sys`.
    public let sysfsRoot: String
    /// How long the port stays de-authorised: long enough for the server to notice the device gone.
    public let offTime: Duration

    /// A detacher on `sysfsRoot`.
    public init(sysfsRoot: String = "/sys", offTime: Duration = .seconds(1)) {
        self.sysfsRoot = sysfsRoot
        self.offTime = offTime
    }

    /// The `authorized` attribute of the device at `portPath` (`1-1.4`).
    public func attribute(_ portPath: String) -> String { sysfsRoot + "/bus/usb/devices/" + portPath + "/authorized" }

    /// De-authorises the port, waits ``offTime``, authorises it again. Throws when the attribute cannot be written (the
    /// device is gone, or the daemon may not write it: see packaging/systemd).
    public func detach(portPath: String) async throws {
        try write("0", to: attribute(portPath))
        defer { try? write("1", to: attribute(portPath)) }
        try? await Task.sleep(for: offTime)
    }

    private func write(_ value: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw DetachError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = value.withCString { Glibc.write(fd, $0, strlen($0)) }
        guard written > 0 else { throw DetachError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// A port that could not be de-authorised or authorised again.
public struct DetachError: Error, CustomStringConvertible {
    /// The attribute's path.
    public let path: String
    /// What the system said.
    public let reason: String
    /// One line for the log.
    public var description: String { "cannot write \(path): \(reason)" }
}
