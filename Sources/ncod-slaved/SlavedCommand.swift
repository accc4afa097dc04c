import ArgumentParser
import NcodCore
import NcodSlave

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// `ncod-slaved`: the daemon on every slave box (inventory, registration, reporting, VirtualHere hooks).
///
/// The settings (``SlavedSettings``) are taken off the command line before the subcommand is parsed, so every subcommand reads
/// the same flags, variables and `/etc/ncod/slaved.conf`, and `--help` lists them from their one declaration.
@main
struct SlavedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-slaved",
        abstract: "The ncod slave daemon: reports this box's USB devices to the master and guards its VirtualHere server.",
        discussion: SlavedSettings.catalog.helpText,
        version: NcodVersion.description,
        subcommands: [Run.self, Enrol.self, Once.self, Authorize.self, Hook.self, VirtualHereConfig.self]
    )

    /// Takes the settings' flags off the command line, then runs the subcommand with the rest.
    static func main() async {
        let (flags, rest) = SlavedSettings.catalog.takeFlags(from: Array(CommandLine.arguments.dropFirst()))
        CommandLineSettings.shared.flags = flags
        await main(rest)
    }
}

/// What every subcommand shares: the settings, given as flags anywhere on the command line (see ``SlavedSettings``).
struct SlaveOptions: ParsableArguments {
    /// Resolves the settings; a bad one ends the program with its message and status 64.
    func resolve() throws -> SlaveConfiguration {
        do {
            return try SlaveConfiguration.resolve(flags: CommandLineSettings.shared.flags, environment: ProcessInfo.processInfo.environment)
        } catch let invalid as SlaveConfiguration.Invalid {
            StandardError.print("ncod-slaved: error: invalid configuration: \(invalid)\n")
            throw ExitCode.failure
        }
    }

    /// The state folder as the hooks VirtualHere runs see it: their own command line only (`--state-dir`, which vh-config writes
    /// into their lines), so that a damaged settings file never stands in VirtualHere's way.
    static var hookStateDirectory: String {
        CommandLineSettings.shared.flags[SlavedSettings.stateDirectory.key] ?? SlavedSettings.stateDirectory.defaultValue ?? "/var/lib/ncod-slaved"
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
