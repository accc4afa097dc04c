import ArgumentParser

/// ncod-bench: the measurements in BENCHMARKS.md. `keystroke` (the default) times ncod-tui's device list; `load` drives a master
/// with simulated slaves, people and event streams.
@main
struct NcodBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-bench", abstract: "The measurements in BENCHMARKS.md.", subcommands: [Keystroke.self, Load.self],
        defaultSubcommand: Keystroke.self)
}
