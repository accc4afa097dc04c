import ArgumentParser
import Foundation
import NcodCLI
import NcodClient
import NcodCore

/// `ncod login`: logs in as this computer and keeps the login for later commands.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Log in from this computer and keep the login (~/.config/ncod/session.json, 0600).")

    @OptionGroup var options: CLIOptions

    @Option(help: "Who logs in (default: the username ncod-tui remembered).")
    var username: String?

    @Option(name: .customLong("password-file"), help: "Read the password from this file's first line.")
    var passwordFile: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input's first line (CI secrets).")
    var passwordStdin = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let remembered =
            (try? TerminalSettings(
                program: "tui", master: options.master, ca: options.ca, language: options.language, environment: environment))?.value(
                "username", flag: nil)
        guard let who = username ?? remembered, !who.isEmpty else { throw ValidationError("give --username") }
        let password: String
        if let passwordFile {
            password = try TerminalSettings.password(fromFile: passwordFile)
        } else if passwordStdin {
            password = readLine(strippingNewline: true) ?? ""
        } else if isatty(STDIN_FILENO) == 1, let typed = getpass("Password for \(who): ") {
            password = String(cString: typed)
        } else {
            throw ValidationError("no terminal to ask the password on: give --password-stdin or --password-file")
        }
        try await options.run(
            { client in
                let profile = try await client.login(username: who, password: password)
                return LoggedIn(
                    username: profile.username, displayName: profile.displayName, master: client.settings.masterURL,
                    computerKey: client.identity.fingerprint)
            },
            human: { done, language in
                Message(
                    "logged in as \(done.displayName) (\(done.username)) on \(done.master)",
                    zh: "已登录：\(done.displayName)（\(done.username)），主控 \(done.master)"
                ).text(in: language)
            })
    }

    /// What `ncod login --json` prints.
    struct LoggedIn: Codable, Sendable {
        var username: String
        var displayName: String
        var master: String
        var computerKey: String
    }
}
