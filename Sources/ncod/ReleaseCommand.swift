import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod release DEVICE|--all`.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Give a device back (VirtualHere lets it go here, the lease ends); --all for everything.",
        discussion: "--all also leaves every waiting list: put it in a CI job's cleanup step, which runs even when the job fails.")

    @OptionGroup var options: CLIOptions

    @Argument(help: "The device: its address, nickname, or words only its name has.")
    var device: String?

    @Flag(help: "Release every device you hold and leave every waiting list (nothing held is not an error).")
    var all = false

    func validate() throws {
        if (device == nil) == !all { throw ValidationError("name a device, or give --all (not both)") }
    }

    func run() async throws {
        let (device, all) = (device, all)
        try await options.run(
            { client in
                ["released": try await client.release(device, all: all)]
            },
            human: { done, language in
                let released = done["released"] ?? []
                if released.isEmpty { return Message("nothing to release", zh: "没有需要释放的设备").text(in: language) }
                return Message("released " + released.joined(separator: ", "), zh: "已释放 " + released.joined(separator: "、")).text(in: language)
            })
    }
}
