import ArgumentParser
import NcodCore

/// `ncod-tui`: the user's terminal client (login with machine check, device list, connect and disconnect).
///
/// The terminal screens arrive with the TUI work; for now it only describes itself.
@main
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-tui",
        abstract: "The ncod terminal client: find shared USB devices and connect to them through VirtualHere.",
        version: NcodVersion.current
    )

    func run() throws {
        print(Self.helpMessage())
    }
}
