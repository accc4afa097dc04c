import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod queue DEVICE [--leave]`.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "See a device's waiting list; --leave takes you off it.")

    @OptionGroup var options: CLIOptions

    @Argument(help: "The device: its address, nickname, or words only its name has.")
    var device: String

    @Flag(help: "Leave the list (a device kept for you goes to the next).")
    var leave = false

    func run() async throws {
        let (device, leave) = (device, leave)
        try await options.run(
            { client in
                try await client.queue(device, leave: leave)
            },
            human: { queue, language in
                let holder = queue.heldBy.map { Message("held by \($0)", zh: "\($0) 在用") } ?? Message("free", zh: "空闲")
                var lines = ["\(queue.vhAddress)  " + holder.text(in: language)]
                if queue.entries.isEmpty { lines.append(Message("nobody waits", zh: "无人排队").text(in: language)) }
                lines += queue.entries.map { Self.line($0, language: language) }
                return lines.joined(separator: "\n")
            })
    }

    /// One person in line: `  1. Li Na (you) since 13:02`, or `  → Li Na, kept until 14:05` for the one whose turn it is.
    static func line(_ entry: QueueView.Entry, language: Language) -> String {
        let you = entry.mine ? Message(" (you)", zh: "（您）").text(in: language) : ""
        let pool = entry.match.map { " [\($0)]" } ?? ""
        if let until = entry.offeredUntil {
            return "  → "
                + Message(
                    "\(entry.name)\(you)\(pool), kept until \(CLIText.clock(until))", zh: "\(entry.name)\(you)\(pool)，保留至 \(CLIText.clock(until))"
                )
                .text(in: language)
        }
        return "  \(entry.place). "
            + Message(
                "\(entry.name)\(you)\(pool) since \(CLIText.clock(entry.joinedAt))",
                zh: "\(entry.name)\(you)\(pool)，\(CLIText.clock(entry.joinedAt)) 起"
            )
            .text(in: language)
    }
}
