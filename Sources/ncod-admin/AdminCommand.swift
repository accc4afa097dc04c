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
        version: NcodVersion.description
    )

    @OptionGroup var options: TerminalOptions

    func run() async throws {
        let (settings, username, password) = try options.resolve(program: "admin")
        try TerminalCheck.require("ncod-admin", instead: "scripts use the admin API (GET /openapi.yaml describes it)")
        settings.remember(username: nil)  // now, not at exit: a second console started meanwhile finds the master and the CA
        var initial = AdminState(language: settings.language, masterURL: settings.masterURL, username: username)
        var start: [AdminEffect] = []
        if let password {
            initial.login.password = password
            start = [.login(username: username, password: password)]
        }
        let startingState = initial
        let startingEffects = start

        let api = MasterAPIClient(baseURL: settings.masterURL, caFile: settings.caFile, language: settings.language)
        let services = LiveAdminServices(api: api, baseURL: settings.masterURL, caFile: settings.caFile)
        let terminal = CursesTerminal(environment: ProcessInfo.processInfo.environment)
        let runtime = AdminRuntime(terminal: terminal, services: services)
        let final = await ScreenThread.run(named: "ncod-admin") { runtime.run(startingState, startingWith: startingEffects) }
        terminal.shutdown()
        await api.logout()
        await api.shutdown()
        settings.remember(username: final.profile?.username)
    }
}
