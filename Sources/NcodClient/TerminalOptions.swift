import ArgumentParser
import Foundation
import NcodCore

/// The options ncod-tui and ncod-admin share (`@OptionGroup`): which master, which CA, who logs in, in which language.
public struct TerminalOptions: ParsableArguments {
    @Option(help: ArgumentHelp(ClientSettings.master.help))
    var master: String?

    @Option(help: ArgumentHelp(ClientSettings.ca.help))
    var ca: String?

    @Option(help: ArgumentHelp(ClientSettings.username.help))
    var username: String?

    @Option(name: .customLong(ClientSettings.language.key), help: ArgumentHelp(ClientSettings.language.help))
    var language: String?

    @Option(name: .customLong(ClientSettings.passwordFile.key), help: ArgumentHelp(ClientSettings.passwordFile.help))
    var passwordFile: String?

    /// No options given.
    public init() {}

    /// The settings of `program` (`tui`, `admin`) over these options, the username to show, and the password to log in with at once, if any.
    /// Everything that can refuse to start is checked here, before the caller makes an HTTP client (which must be shut down once it exists).
    public func resolve(program: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (
        settings: TerminalSettings, username: String, password: String?
    ) {
        let settings = try TerminalSettings(program: program, master: master, ca: ca, language: language, environment: environment)
        return (
            settings, settings.value(ClientSettings.username.key, flag: username) ?? "", try passwordFile.map(TerminalSettings.password(fromFile:))
        )
    }
}
