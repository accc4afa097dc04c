import ArgumentParser
import NcodCore

/// `ncod-slaved`: the daemon on every slave box (inventory, registration, reporting, VirtualHere hooks).
///
/// Its subcommands (`run`, `enrol`, `once`, `authorize`) arrive with the slave-fleet work; for now it only describes itself.
@main
struct SlavedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-slaved",
        abstract: "The ncod slave daemon: reports this box's USB devices to the master and guards its VirtualHere server.",
        version: NcodVersion.current
    )

    func run() throws {
        print(Self.helpMessage())
    }
}
