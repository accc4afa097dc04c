import Foundation

/// This computer's MAC addresses, as the terminal client presents them at login: every network interface under
/// `/sys/class/net` with a real hardware address, leaving out loopback, all-zero addresses and virtual interfaces
/// (bridges, veth pairs, docker, tun/tap, wireguard).
public enum MACDiscovery {
    /// Prefixes of interface names that are not this computer's own hardware.
    public static let virtualPrefixes = ["lo", "docker", "veth", "br-", "virbr", "vmnet", "tun", "tap", "wg", "cni", "flannel", "zt"]

    /// The addresses found under `root` (normally `/sys/class/net`), sorted.
    public static func addresses(root: String = "/sys/class/net") -> [MACAddress] {
        guard let interfaces = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        var found: Set<MACAddress> = []
        for name in interfaces where !virtualPrefixes.contains(where: { name.hasPrefix($0) }) {
            guard let data = FileManager.default.contents(atPath: "\(root)/\(name)/address"),
                let mac = MACAddress(String(decoding: data, as: UTF8.self)), !mac.isZero
            else { continue }
            found.insert(mac)
        }
        return found.sorted()
    }
}
