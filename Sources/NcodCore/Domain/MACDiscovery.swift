#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// This computer's MAC addresses, as the terminal client presents them at login: the physical network interfaces under
/// `/sys/class/net` — those with a `device` entry, the link to the hardware they sit on — with a non-zero address. Loopback and
/// every virtual interface (ifb, veth, bridges, docker, tun/tap, WireGuard, VPN clients) have no `device` and are left out, so one
/// laptop is one computer to approve, not three.
public enum MACDiscovery {
    /// The addresses found under `root` (normally `/sys/class/net`), sorted.
    public static func addresses(root: String = "/sys/class/net") -> [MACAddress] {
        guard let interfaces = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        var found: Set<MACAddress> = []
        for name in interfaces where isPhysical(name, root: root) {
            guard let data = FileManager.default.contents(atPath: "\(root)/\(name)/address"),
                let mac = MACAddress(String(decoding: data, as: UTF8.self)), !mac.isZero
            else { continue }
            found.insert(mac)
        }
        return found.sorted()
    }

    /// Whether interface `name` sits on hardware: it has a `device` entry (a symbolic link on a real system).
    public static func isPhysical(_ name: String, root: String = "/sys/class/net") -> Bool {
        var status = stat()
        return stat("\(root)/\(name)/device", &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
