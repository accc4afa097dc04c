#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Tells systemd how a `Type=notify` service is doing (sd_notify's protocol, without libsystemd): `READY=1` once it serves,
/// `WATCHDOG=1` while its loops turn, `STOPPING=1` when it shuts down. Outside systemd (no `NOTIFY_SOCKET`) it does nothing.
public struct SystemdNotify: Sendable {
    /// The socket systemd listens on, if any (`@name` for an abstract one).
    public let socketPath: String?
    /// How often systemd wants a watchdog ping, if it wants them (`WATCHDOG_USEC`).
    public let watchdogInterval: Duration?

    /// A notifier for this process's environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let pidMatches = environment["WATCHDOG_PID"].map { $0 == String(getpid()) } ?? true
        watchdogInterval = environment["WATCHDOG_USEC"].flatMap(Int64.init).flatMap { pidMatches && $0 > 0 ? .microseconds($0) : nil }
    }

    /// Pings the watchdog every half interval until the returned task is cancelled; `nil` when systemd wants no pings.
    public func startWatchdog() -> Task<Void, Never>? {
        watchdogInterval.map { interval in
            Task {
                while !Task.isCancelled {
                    send("WATCHDOG=1")
                    try? await Task.sleep(for: interval / 2)
                }
            }
        }
    }

    /// Sends `state` (`READY=1`, `STATUS=…`, one assignment a line); whether it was sent.
    @discardableResult
    public func send(_ state: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // an abstract socket: its name starts with a NUL byte
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.enumerated() { bytes[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let sent = Array(state.utf8).withUnsafeBytes { message in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, message.baseAddress, message.count, 0, $0, length) }
            }
        }
        return sent == state.utf8.count
    }
}
