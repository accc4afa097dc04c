import CNetlink

#if canImport(Glibc)
    import Glibc
#endif

/// The kernel's hot-plug announcements (uevents over netlink): the socket ``KernelWatch`` sleeps on, and which of them are a USB
/// device added or removed.
///
/// Opening can be refused (no netlink in a container, seccomp); the agent then relies on polling alone.
public final class UEventMonitor: Sendable {
    /// The netlink socket, read by ``KernelWatch``.
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// A monitor, or `nil` when the kernel's uevents cannot be received here.
    public static func open() -> UEventMonitor? {
        let fd = ncod_uevent_open()
        return fd >= 0 ? UEventMonitor(fd: fd) : nil
    }

    deinit { close(fd) }

    /// Whether a raw uevent announces a USB device (not an interface) coming or going.
    public static func isUSBDeviceChange(_ fields: [String]) -> Bool {
        let action = fields.first { $0.hasPrefix("ACTION=") }
        return (action == "ACTION=add" || action == "ACTION=remove") && fields.contains("SUBSYSTEM=usb") && fields.contains("DEVTYPE=usb_device")
    }
}
