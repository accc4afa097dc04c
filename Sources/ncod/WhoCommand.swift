import ArgumentParser
import Foundation
import NcodCLI
import NcodCore

/// `ncod who DEVICE`.
struct WhoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "who", abstract: "Who holds a device, until when, and who waits for it.")

    @OptionGroup var options: CLIOptions

    @Argument(help: "The device: its address, nickname, or words only its name has.")
    var device: String

    func run() async throws {
        let device = device
        try await options.run(
            { client in
                let (row, queue) = try await client.who(device)
                return Who(device: row, queue: queue)
            },
            human: { who, language in
                var lines = ["\(who.device.address)  \(who.device.name)  " + CLIText.state(who.device).text(in: language)]
                lines += who.queue.entries.map { QueueCommand.line($0, language: language) }
                return lines.joined(separator: "\n")
            })
    }

    /// What `ncod who --json` prints.
    struct Who: Codable, Sendable {
        var device: CLIDevice
        var queue: QueueView
    }
}
