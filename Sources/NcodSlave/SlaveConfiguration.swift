import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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

    /// Where enrolment keeps the credential and the daemon its state (`--state-dir`).
    public var stateDirectory = SlavedSettings.stateDirectory.defaultValue ?? "/var/lib/ncod-slaved"
    /// The site's enrolment secret, for `enrol` without a token (`--secret-file`).
    public var secretFile = SlavedSettings.secretFile.defaultValue ?? "/etc/ncod/enrolment-secret"
    /// The VirtualHere server's TCP port clients connect to (`--hub-port`).
    public var hubPort = SlavedSettings.hubPort.defaultNumber
    /// `text` or `json` (`--log-format`).
    public var logFormat = SlavedSettings.logFormat.defaultValue ?? "text"
    /// The lowest level logged (`--log-level`).
    public var logLevel = SlavedSettings.logLevel.defaultValue ?? "info"

    /// Default VirtualHere server configuration (the official installer's path).
    public static let defaultVirtualHereConfig = SlavedSettings.virtualHereConfig.defaultValue ?? "/usr/local/etc/virtualhere/config.ini"
    /// Collectors known to the daemon.
    public static let knownCollectors = ["sysfs", "libusb"]

    /// Why a setting is unusable.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// One-line reason.
        public var description: String
    }

    /// Resolves the daemon's settings (``SlavedSettings``: flag, then `NCOD_*` variable, then `/etc/ncod/slaved.conf`, then default).
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> SlaveConfiguration {
        typealias S = SlavedSettings
        let settings: ResolvedSettings
        do {
            settings = try S.catalog.resolve(flags: flags, environment: environment)
        } catch let invalid as SettingsCatalog.Invalid {
            throw Invalid(description: invalid.description)
        }
        let collectors = settings.list(S.collectors)
        if let unknown = collectors.first(where: { !knownCollectors.contains($0) }) {
            throw Invalid(description: "unknown collector '\(unknown)': use \(knownCollectors.joined(separator: ", "))")
        }
        let hostname =
            settings.text(S.hostname) ?? ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        var configuration = SlaveConfiguration(
            sysfsRoot: settings.text(S.sysfsRoot) ?? "/sys", advertisedHostname: hostname, collectors: collectors,
            virtualHereConfigPath: settings.text(S.virtualHereConfig) ?? defaultVirtualHereConfig)
        configuration.stateDirectory = settings.text(S.stateDirectory) ?? configuration.stateDirectory
        configuration.secretFile = settings.text(S.secretFile) ?? configuration.secretFile
        configuration.hubPort = settings.number(S.hubPort)
        configuration.logFormat = settings.text(S.logFormat)?.lowercased() ?? configuration.logFormat
        configuration.logLevel = settings.text(S.logLevel)?.lowercased() ?? configuration.logLevel
        return configuration
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
