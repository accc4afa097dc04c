import ArgumentParser
import NcodCLI
import NcodCore

/// `ncod logout`: ends the kept login.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "End the kept login, here and on the master.")

    @OptionGroup var options: CLIOptions

    func run() async throws {
        try await options.run(
            { client in
                ["loggedOut": try await client.logout()]
            },
            human: { done, language in
                (done["loggedOut"] == true ? Message("logged out", zh: "已退出登录") : Message("was not logged in", zh: "本来就未登录")).text(in: language)
            })
    }
}
