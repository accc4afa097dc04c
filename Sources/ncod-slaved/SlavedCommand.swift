import ArgumentParser
import Foundation
import NcodCore
import NcodSlave

/// `ncod-slaved`: the daemon on every slave box (inventory, registration, reporting, VirtualHere hooks).
@main
struct SlavedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-slaved",
        abstract: "The ncod slave daemon: reports this box's USB devices to the master and guards its VirtualHere server.",
        discussion: """
            Settings come from flags, then NCOD_* environment variables (--sysfs-root is NCOD_SYSFS_ROOT), \
            then the config file (--config, default \(SlaveConfiguration.defaultConfigFile)), then defaults.
            """,
        version: NcodVersion.current,
        subcommands: [Run.self, Enrol.self, Once.self, Authorize.self, Hook.self, VirtualHereConfig.self]
    )
}

/// Flags every subcommand shares.
struct SlaveOptions: ParsableArguments {
    @Option(help: "Configuration file of 'key = value' lines.")
    var config: String?

    @Option(name: .customLong("sysfs-root"), help: "Folder standing for /sys (default /sys).")
    var sysfsRoot: String?

    @Option(help: "Host name VirtualHere advertises; the first part of device addresses (default: this host's name).")
    var hostname: String?

    @Option(help: "Collectors to run, in order of preference: sysfs, libusb (default sysfs,libusb).")
    var collectors: String?

    @Option(name: .customLong("vh-config"), help: "VirtualHere server config.ini (default \(SlaveConfiguration.defaultVirtualHereConfig)).")
    var virtualHereConfig: String?

    func resolve() throws -> SlaveConfiguration {
        var flags = SlaveConfiguration.Flags()
        flags.configFile = config
        flags.sysfsRoot = sysfsRoot
        flags.hostname = hostname
        flags.collectors = collectors
        flags.virtualHereConfig = virtualHereConfig
        do {
            return try SlaveConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
        } catch let invalid as SlaveConfiguration.Invalid {
            FileHandle.standardError.write(Data("ncod-slaved: error: invalid configuration: \(invalid)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension SlavedCommand {
    struct Once: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print this box's inventory and health as JSON, and exit. Never contacts the master.")

        @OptionGroup var options: SlaveOptions

        func run() throws {
            let configuration = try options.resolve()
            let report = SlaveReport(
                session: nil, sequence: 0, sentAt: Date(), inventory: configuration.makeInventory().snapshot(),
                health: configuration.makeHealthProbe().probe()
            )
            let encoder = NcodJSON.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }
}
