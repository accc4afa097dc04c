import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// VirtualHere's ClientAuthorization, answered by ncod: ask the master whether a live lease has this password;
/// when the master cannot be reached, follow the offline policy. The answer is an exit status VirtualHere understands
/// (reference §8.6): 1 authorized, 0 refused, 2 a password is needed.
public enum AuthorizationHook {
    /// What to do when the master cannot be asked.
    public enum OfflinePolicy: String, Sendable, CaseIterable {
        /// Admit only leases the daemon already knew about and that have not expired (the default).
        case knownLeases = "known-leases"
        /// Refuse every use until the master answers again.
        case deny
    }

    /// Exit status: the client may use the device.
    public static let authorized: Int32 = 1
    /// Exit status: the client may not.
    public static let refused: Int32 = 0
    /// Exit status: the client must give a password.
    public static let passwordRequired: Int32 = 2

    /// The device address VirtualHere means: `$DEVPATH$` ends in the port path (`/sys/bus/usb/devices/1-1.4` → `box1.114`).
    public static func vhAddress(devpath: String, hostname: String) -> String {
        let portPath = devpath.split(separator: "/").last.map(String.init) ?? devpath
        return USBDeviceInfo.vhAddress(hostname: hostname, portPath: portPath)
    }

    /// Decides, asking the master through `ask` (which throws when the master cannot be reached).
    public static func decide(
        vhAddress: String, passwordMD5: String, cache: LeaseCache?, policy: OfflinePolicy, now: Date,
        ask: () async throws -> AuthorizationRequest.Decision
    ) async -> (status: Int32, reason: String) {
        do {
            let decision = try await ask()
            if decision.allow { return (authorized, decision.reason) }
            return (passwordMD5.isEmpty ? passwordRequired : refused, decision.reason)
        } catch MasterLinkError.refused(let problem) {
            return (refused, "the master refused the question: \(problem.detail ?? problem.code)")
        } catch {
            guard !passwordMD5.isEmpty else { return (passwordRequired, "no password given (master unreachable)") }
            switch policy {
            case .deny:
                return (refused, "the master is unreachable and the offline policy is deny")
            case .knownLeases:
                if let lease = cache?.admits(vhAddress: vhAddress, passwordMD5: passwordMD5, at: now) {
                    return (authorized, "master unreachable; known lease of \(lease.holder) until \(lease.expiresAt.formatted(.iso8601))")
                }
                return (refused, "master unreachable and no known unexpired lease matches")
            }
        }
    }
}
