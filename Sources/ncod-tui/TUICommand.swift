import ArgumentParser
import Foundation
import NcodClient
import NcodConnect
import NcodCore
import NcodTUI
import NcodTerminal
import NcodVirtualHere

/// `ncod-tui`: the user's terminal client (login with machine check, device list, connect and disconnect).
@main
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-tui",
        abstract: "The ncod terminal client: find shared USB devices and connect to them through VirtualHere.",
        discussion: """
            The master URL, CA file and username are remembered in ~/.config/ncod/tui.conf after the first login. \
            Settings: flags, then NCOD_* variables (NCOD_MASTER, NCOD_CA), then that file. The language follows LANG (zh_CN.UTF-8 for Chinese).
            """,
        version: NcodVersion.description
    )

    @OptionGroup var options: TerminalOptions

    @Option(name: .customLong(ClientSettings.mac.key), help: ArgumentHelp(ClientSettings.mac.help + " The computer's key still has to match."))
    var macs: [String] = []

    @Option(name: .customLong(ClientSettings.virtualHereFIFODirectory.key), help: ArgumentHelp(ClientSettings.virtualHereFIFODirectory.help))
    var fifoDirectory: String?

    @Option(name: .customLong(ClientSettings.virtualHereClient.key), help: ArgumentHelp(ClientSettings.virtualHereClient.help))
    var clientBinary: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let (settings, username, password) = try options.resolve(program: "tui", environment: environment)
        try TerminalCheck.require("ncod-tui", instead: "scripts and CI jobs use the ncod command")
        // Saved now, not at exit, so that a second terminal started meanwhile finds them; paths as absolute paths, so that the
        // client started from another folder finds them too.
        let remembered = fifoDirectory.map { [ClientSettings.virtualHereFIFODirectory.key: ConfigFile.absolute($0)] } ?? [:]
        settings.remember(username: nil, extra: remembered)
        let presented = macs.isEmpty ? MACDiscovery.addresses().map(\.description) : macs
        let api = MasterAPIClient(baseURL: settings.masterURL, caFile: settings.caFile, language: settings.language)
        let transport: any VHTransport =
            settings.value(ClientSettings.virtualHereClient.key, flag: clientBinary).map { VHCommandLineTransport(binary: $0) }
            ?? VHFIFOTransport(folder: settings.value(ClientSettings.virtualHereFIFODirectory.key, flag: fifoDirectory) ?? "/tmp")
        let connector = DeviceConnector(api: api, virtualHere: VirtualHereClient(transport: transport))
        // The computer's own key, made on first use: with the MAC addresses, it is what an administrator approves.
        let identity: ComputerIdentity
        do {
            identity = try ComputerIdentity.loadOrCreate(at: ComputerIdentity.defaultPath(environment: environment))
        } catch {
            throw ValidationError("\(error)")
        }
        let hostname = ComputerIdentity.hostname
        let services = LiveTUIServices(
            api: api, connector: connector, baseURL: settings.masterURL, caFile: settings.caFile, macs: presented, identity: identity,
            hostname: hostname)
        var initial = TUIState(
            language: settings.language, masterURL: settings.masterURL, macs: presented, username: username)
        initial.hostname = hostname
        initial.fingerprint = identity.fingerprint
        var start: [TUIEffect] = []
        if let password {
            initial.login.password = password
            start = [.login(username: username, password: password)]
        }
        let startingState = initial
        let startingEffects = start

        let terminal = CursesTerminal(environment: environment)
        let runtime = TUIRuntime(terminal: terminal, services: services)
        let final = await ScreenThread.run(named: "ncod-tui") { runtime.run(startingState, startingWith: startingEffects) }
        terminal.shutdown()
        await api.shutdown()
        settings.remember(username: final.profile?.username, extra: remembered)
    }
}
