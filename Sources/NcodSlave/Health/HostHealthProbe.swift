import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// Reads the box's health from /proc, /etc/os-release, uname and statvfs.
public struct HostHealthProbe: Sendable {
    /// The folder standing for `/proc`.
    public let procRoot: String
    /// The VirtualHere server configuration file ncod manages, reported as is.
    public let virtualHereConfigPath: String?

    /// A probe reading `procRoot` (normally `/proc`).
    public init(procRoot: String = "/proc", virtualHereConfigPath: String?) {
        self.procRoot = procRoot
        self.virtualHereConfigPath = virtualHereConfigPath
    }

    /// The health now.
    public func probe() -> HostHealth {
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let memory = meminfo()
        var disk = statvfs()
        let diskOK = statvfs("/", &disk) == 0
        let config = virtualHereConfigPath.flatMap { FileManager.default.contents(atPath: $0) }.map {
            VirtualHereServerConfig(text: String(decoding: $0, as: UTF8.self))
        }
        return HostHealth(
            hostname: ProcessInfo.processInfo.hostName, os: osName(), kernel: kernel,
            uptimeSeconds: read("uptime").split(separator: " ").first.flatMap { Double($0) } ?? 0,
            load: read("loadavg").split(separator: " ").prefix(3).compactMap { Double($0) },
            memoryTotalBytes: (memory["MemTotal"] ?? 0) * 1024, memoryAvailableBytes: (memory["MemAvailable"] ?? 0) * 1024,
            diskTotalBytes: diskOK ? UInt64(disk.f_blocks) * UInt64(disk.f_frsize) : 0,
            diskAvailableBytes: diskOK ? UInt64(disk.f_bavail) * UInt64(disk.f_frsize) : 0,
            virtualHereRunning: virtualHereRunning(), virtualHereConfigPath: virtualHereConfigPath,
            virtualHereLicensed: config.map { ($0.value("License") ?? "").isEmpty == false },
            virtualHereAuthorizes: config.map { ($0.value("ClientAuthorization") ?? "").contains(" authorize") },
            virtualHereReportsBinds: config.map { ($0.value("onBind") ?? "").contains(" hook bind") }
        )
    }

    private func read(_ name: String) -> String {
        FileManager.default.contents(atPath: procRoot + "/" + name).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private func meminfo() -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in read("meminfo").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let number = parts[1].split(separator: " ").first.flatMap({ UInt64($0) }) else { continue }
            values[String(parts[0])] = number
        }
        return values
    }

    private func osName() -> String {
        let text = FileManager.default.contents(atPath: "/etc/os-release").map { String(decoding: $0, as: UTF8.self) } ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return String(line.dropFirst("PRETTY_NAME=".count).drop { $0 == "\"" }.reversed().drop { $0 == "\"" }.reversed())
        }
        return "Linux"
    }

    /// Whether any process's command name starts with `vhusbd` (the VirtualHere server binaries are vhusbdx86_64, vhusbdarm, …).
    private func virtualHereRunning() -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: procRoot) else { return false }
        return entries.lazy.filter { $0.allSatisfy(\.isNumber) }.contains { pid in
            read(pid + "/comm").hasPrefix("vhusbd")
        }
    }
}
