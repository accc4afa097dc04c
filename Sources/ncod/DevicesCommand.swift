import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod devices [FILTER] [--free] [--json]`.
struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices", abstract: "List the devices: where they are, who holds them, who waits.")

    @OptionGroup var options: CLIOptions

    @Argument(help: "Words of the address, name, slave, holder or tags; or a description: 0483:3748, tag:st-link, product:j-link.")
    var filter: String?

    @Flag(help: "Only devices you can take now.")
    var free = false

    func run() async throws {
        let filter = filter
        let free = free
        try await options.run(
            { client in
                try await client.devices(filter: filter, freeOnly: free)
            },
            human: { devices, language in
                guard !devices.isEmpty else { return Message("no devices", zh: "没有设备").text(in: language) }
                let header = language == .english ? ["ADDRESS", "DEVICE", "SLAVE", "STATE"] : ["地址", "设备", "从机", "状态"]
                return CLIText.table(
                    [header]
                        + devices.map { device in
                            let tags = device.tags.isEmpty ? "" : " [" + device.tags.joined(separator: ",") + "]"
                            return [device.address, device.name + tags, device.slave, CLIText.state(device).text(in: language)]
                        })
            })
    }
}
