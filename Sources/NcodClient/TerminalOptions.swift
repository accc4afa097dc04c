import ArgumentParser
import Foundation

/// The options ncod-tui and ncod-admin share (`@OptionGroup`): which master, which CA, who logs in, in which language.
public struct TerminalOptions: ParsableArguments {
    @Option(help: "The master's URL, e.g. https://master.lan:8443.")
    var master: String?

    @Option(help: "The site CA certificate the master's TLS certificate is signed by.")
    var ca: String?

    @Option(help: "Username to log in as (remembered).")
    var username: String?

    @Option(name: .customLong("lang"), help: "en or zh (default: from LANG).")
    var language: String?

    @Option(name: .customLong("password-file"), help: "Log in at once with the password on this file's first line (demos, scripts).")
    var passwordFile: String?

    /// No options given.
    public init() {}

    /// The settings of `program` (`tui`, `admin`) over these options, the username to show, and the password to log in with at once, if any.
    /// Everything that can refuse to start is checked here, before the caller makes an HTTP client (which must be shut down once it exists).
    public func resolve(program: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (
        settings: TerminalSettings, username: String, password: String?
    ) {
        let settings = try TerminalSettings(program: program, master: master, ca: ca, language: language, environment: environment)
        return (settings, settings.value("username", flag: username) ?? "", try passwordFile.map(TerminalSettings.password(fromFile:)))
    }
}
