import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod wait DEVICE|--match … [--timeout D]`.
struct WaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Join a waiting list and return when it is your turn: the device is then kept for you for the hold window.",
        discussion: "Take it with ncod take before the window ends. Ctrl-C or --timeout leaves the line.")

    @OptionGroup var options: CLIOptions

    @Argument(help: "The device: its address, nickname, or words only its name has.")
    var device: String?

    @Option(help: "Any device matching: 0483:3748, tag:st-link, product:j-link.")
    var match: String?

    @Option(help: "Give up after this long (90s, 20m, 2h); you leave the line.")
    var timeout: String?

    func validate() throws {
        if (device == nil) == (match == nil) { throw ValidationError("name a device, or give --match (not both)") }
        _ = try CLIOptions.seconds(timeout, option: "--timeout")
        _ = try CLIOptions.match(match)
    }

    func run() async throws {
        let device = device
        let match = try CLIOptions.match(match)
        let timeout = try CLIOptions.seconds(timeout, option: "--timeout")
        try await options.run(
            { client in
                try await client.wait(device, match: match, timeout: timeout)
            },
            human: { turn, language in
                let address = turn.offeredVhAddress ?? "?"
                let until = turn.offeredUntil.map { CLIText.clock($0) } ?? "?"
                return Message(
                    "your turn: \(address) is kept for you until \(until); take it with: ncod take \(address)",
                    zh: "轮到您了：\(address) 为您保留至 \(until)；请用 ncod take \(address) 占用"
                ).text(in: language)
            })
    }
}
