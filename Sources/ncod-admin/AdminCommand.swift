import ArgumentParser
import Foundation
import NcodAdmin
import NcodClient
import NcodCore
import NcodTerminal

/// `ncod-admin`: the administrators' terminal console (slaves, people, organisation tree, leases, audit).
@main
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-admin",
        abstract: "The ncod admin console: manage slaves, approve people and machines, keep the organisation tree, watch leases and the audit log.",
        discussion: """
            Administrators only; it cannot connect devices. The master URL, CA file and username are remembered in \
            ~/.config/ncod/admin.conf after the first login. Settings: flags, then NCOD_* variables (NCOD_MASTER, NCOD_CA), then that file. \
            The language follows LANG (zh_CN.UTF-8 for Chinese).
            """,
        version: NcodVersion.current
    )

    @Option(help: "The master's URL, e.g. https://master.lan:8443.")
    var master: String?

    @Option(help: "The site CA certificate the master's TLS certificate is signed by.")
    var ca: String?

    @Option(help: "Username to log in as (remembered).")
    var username: String?

    @Option(name: .customLong("lang"), help: "en or zh (default: from LANG).")
    var language: String?

    @Option(name: .customLong("password-file"), help: "Log in at once with the password on this file's first line (scripts).")
    var passwordFile: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settingsPath = (environment["HOME"] ?? "/tmp") + "/.config/ncod/admin.conf"
        let file = (try? ConfigFile.load(path: settingsPath)) ?? ConfigFile()
        let layers = ConfigurationLayers(environment: environment, file: file)
        guard let masterURL = layers.value("master", flag: master), let caFile = layers.value("ca", flag: ca) else {
            throw ValidationError("give --master and --ca once (they are then remembered in \(settingsPath))")
        }
        guard FileManager.default.isReadableFile(atPath: caFile) else { throw ValidationError("cannot read the CA certificate \(caFile)") }
        let chosenLanguage = language.map { $0.hasPrefix("zh") ? Language.simplifiedChinese : .english } ?? Language.fromEnvironment(environment)
        var initial = AdminState(language: chosenLanguage, masterURL: masterURL, username: layers.value("username", flag: username) ?? "")
        var start: [AdminEffect] = []
        if let passwordFile {
            guard
                let line = FileManager.default.contents(atPath: passwordFile).flatMap({
                    String(decoding: $0, as: UTF8.self).split(separator: "\n").first
                })
            else {
                throw ValidationError("cannot read the password file \(passwordFile)")
            }
            initial.login.password = String(line)
            start = [.login(username: initial.login.username, password: String(line))]
        }
        let startingState = initial
        let startingEffects = start

        let api = MasterAPIClient(baseURL: masterURL, caFile: caFile)
        let services = LiveAdminServices(api: api, baseURL: masterURL, caFile: caFile)
        let terminal = CursesTerminal(environment: environment)
        let runtime = AdminRuntime(terminal: terminal, services: services)
        let final = await withCheckedContinuation { (continuation: CheckedContinuation<AdminState, Never>) in
            let thread = Thread { continuation.resume(returning: runtime.run(startingState, startingWith: startingEffects)) }
            thread.name = "ncod-admin"
            thread.start()
        }
        terminal.shutdown()
        await api.logout()
        await api.shutdown()

        var remembered = file
        remembered.values["master"] = masterURL
        remembered.values["ca"] = ConfigFile.absolute(caFile)
        if let user = final.profile?.username { remembered.values["username"] = user }
        try? remembered.save(to: settingsPath)
    }
}
