import CNetlink
import Foundation

/// Listens to the kernel's hot-plug announcements (uevents over netlink) and yields one value per USB device added or removed.
///
/// Opening can be refused (no netlink in a container, seccomp); the agent then relies on polling alone.
public final class UEventMonitor: Sendable {
    private let fd: Int32

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

    /// Starts a background thread that raises `flag` on every USB device change, until `flag` is stopped.
    public func start(raising flag: ChangeFlag) {
        let fd = self.fd
        let thread = Thread {
            var buffer = [CChar](repeating: 0, count: 8192)
            while !flag.isStopped {
                let length = ncod_uevent_receive(fd, &buffer, buffer.count, 1000)
                if length < 0 { break }
                guard length > 0 else { continue }
                let fields = buffer.prefix(Int(length)).split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
                if Self.isUSBDeviceChange(fields) { flag.raise() }
            }
            _ = self  // keeps the socket open while the thread reads it
        }
        thread.name = "ncod-uevents"
        thread.start()
    }
}

/// A flag one thread raises and another takes down, plus a stop signal for the raising thread.
public final class ChangeFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var stopped = false

    /// A lowered flag.
    public init() {}

    /// Raises the flag.
    public func raise() { lock.withLock { raised = true } }

    /// Whether the flag was up; lowers it.
    public func take() -> Bool {
        lock.withLock {
            defer { raised = false }; return raised
        }
    }

    /// Tells the raising thread to end.
    public func stop() { lock.withLock { stopped = true } }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { lock.withLock { stopped } }
}
