import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod take DEVICE|--match … [--wait [--timeout D]] [--for D]`.
struct TakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Take a device (or any free one matching) as a timed hold, and use it in this computer's VirtualHere client.",
        discussion: "The hold needs no renewal: the device stays yours until --for ends or ncod release, even after this command exits.")

    @OptionGroup var options: CLIOptions

    @Argument(help: "The device: its address (box1.112), nickname, or words only its name has.")
    var device: String?

    @Option(help: "Any free device matching: 0483:3748, tag:st-link, product:j-link.")
    var match: String?

    @Flag(help: "When it is busy, join its waiting list and take it when your turn comes.")
    var wait = false

    @Option(help: "With --wait: give up after this long (90s, 20m, 2h); you leave the line.")
    var timeout: String?

    @Option(name: .customLong("for"), help: "How long to keep it (default 1h; at most the device's maximum hold).")
    var holdFor = "1h"

    func validate() throws {
        if (device == nil) == (match == nil) { throw ValidationError("name a device, or give --match (not both)") }
        if timeout != nil, !wait { throw ValidationError("--timeout goes with --wait") }
        _ = try CLIOptions.seconds(holdFor, option: "--for")
        _ = try CLIOptions.seconds(timeout, option: "--timeout")
        _ = try CLIOptions.match(match)
    }

    func run() async throws {
        let (device, wait) = (device, wait)
        let match = try CLIOptions.match(match)
        let seconds = try CLIOptions.seconds(holdFor, option: "--for") ?? 3600
        let timeout = try CLIOptions.seconds(timeout, option: "--timeout")
        try await options.run(
            { client in
                try await client.take(device, match: match, seconds: seconds, wait: wait, timeout: timeout)
            },
            human: { taken, language in
                let until = CLIText.clock(taken.until)
                return Message(
                    "took \(taken.device.address) (\(taken.device.name)) until \(until); it is in use on this computer",
                    zh: "已占用 \(taken.device.address)（\(taken.device.name)）至 \(until)；已在本机使用"
                ).text(in: language)
            })
    }
}
