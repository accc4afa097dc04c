import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod`: the command-line client for scripts and CI jobs.
@main
struct NcodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod",
        abstract: "Take, wait for and release shared USB devices from scripts and CI jobs.",
        discussion: """
            ncod shares ncod-tui's settings (~/.config/ncod/tui.conf, NCOD_MASTER, NCOD_CA) and this computer's key; an administrator \
            approves the computer once for both. `ncod login` keeps the login in ~/.config/ncod/session.json (mode 0600).

            Exit statuses:
            \(CLIExit.table)

            Shell completions: ncod --generate-completion-script bash|zsh|fish.
            """,
        version: NcodVersion.description,
        subcommands: [
            LoginCommand.self, LogoutCommand.self, DevicesCommand.self, TakeCommand.self, ReleaseCommand.self, WhoCommand.self,
            WaitCommand.self, QueueCommand.self,
        ]
    )
}
