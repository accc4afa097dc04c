import Foundation
import NcodCore

/// Everything `ncod-slaved` needs, resolved from flags, `NCOD_*` variables, `/etc/ncod/slaved.conf` and defaults.
public struct SlaveConfiguration: Sendable {
    /// The folder standing for `/sys`.
    public var sysfsRoot: String
    /// The host name VirtualHere advertises; the first part of every device address.
    public var advertisedHostname: String
    /// Which collectors run, in order of preference.
    public var collectors: [String]
    /// The VirtualHere server's config.ini.
    public var virtualHereConfigPath: String

    /// Default config file of the service.
    public static let defaultConfigFile = "/etc/ncod/slaved.conf"
    /// Default VirtualHere server configuration (the official installer's path).
    public static let defaultVirtualHereConfig = "/usr/local/etc/virtualhere/config.ini"
    /// Collectors known to the daemon.
    public static let knownCollectors = ["sysfs", "libusb"]

    /// The values given on the command line; `nil` means "not given, look further".
    public struct Flags: Sendable {
        /// `--config`.
        public var configFile: String?
        /// `--sysfs-root`.
        public var sysfsRoot: String?
        /// `--hostname`.
        public var hostname: String?
        /// `--collectors`.
        public var collectors: String?
        /// `--vh-config`.
        public var virtualHereConfig: String?

        /// No flags given.
        public init() {}
    }

    /// Why a setting is unusable.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// One-line reason.
        public var description: String
    }

    /// Resolves flags over environment over config file over defaults.
    public static func resolve(flags: Flags, environment: [String: String]) throws -> SlaveConfiguration {
        let explicit = flags.configFile ?? environment["NCOD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? defaultConfigFile
        var file = ConfigFile()
        if explicit != nil || FileManager.default.fileExists(atPath: path) {
            do { file = try ConfigFile.load(path: path) } catch { throw Invalid(description: "\(error)") }
        }
        let layers = ConfigurationLayers(environment: environment, file: file)
        let collectors = (layers.value("collectors", flag: flags.collectors) ?? "sysfs,libusb").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let unknown = collectors.first(where: { !knownCollectors.contains($0) }) {
            throw Invalid(description: "unknown collector '\(unknown)': use \(knownCollectors.joined(separator: ", "))")
        }
        let hostname =
            layers.value("hostname", flag: flags.hostname) ?? ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init)
            ?? "localhost"
        return SlaveConfiguration(
            sysfsRoot: layers.value("sysfs-root", flag: flags.sysfsRoot) ?? "/sys", advertisedHostname: hostname, collectors: collectors,
            virtualHereConfigPath: layers.value("vh-config", flag: flags.virtualHereConfig) ?? defaultVirtualHereConfig
        )
    }

    /// The configured collectors.
    public func makeInventory() -> Inventory {
        Inventory(
            collectors: collectors.map { name -> any InventoryCollector in
                name == "libusb"
                    ? LibUSBCollector(advertisedHostname: advertisedHostname)
                    : SysfsCollector(root: sysfsRoot, advertisedHostname: advertisedHostname)
            }
        )
    }

    /// The health probe.
    public func makeHealthProbe() -> HostHealthProbe { HostHealthProbe(virtualHereConfigPath: virtualHereConfigPath) }
}
