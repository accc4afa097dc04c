import ArgumentParser
import NcodCore
import NcodSlave

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

extension SlavedCommand {
    struct VirtualHereConfig: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vh-config",
            abstract:
                "Write the keys ncod owns (ServerName, Hostname, ClientAuthorization, onBind, onUnbind) into the VirtualHere server's config.ini.",
            discussion: """
                Every other line (License above all) is kept as it is. VirtualHere rewrites its own file, so stop the server first \
                (systemctl stop virtualhere); the command refuses while vhusbd runs unless --force.
                """
        )

        @OptionGroup var options: SlaveOptions

        @Option(name: .customLong("server-name"), help: "Hub name clients see (default: the advertised host name).")
        var serverName: String?

        @Option(name: .customLong("daemon-path"), help: "Path of ncod-slaved as the VirtualHere server should run it (the package's).")
        var daemonPath = "/usr/bin/ncod-slaved"

        @Flag(help: "Write even though a VirtualHere server is running.")
        var force = false

        @Flag(name: .customLong("print"), help: "Print the resulting file instead of writing it.")
        var printOnly = false

        func run() throws {
            let configuration = try options.resolve()
            let path = configuration.virtualHereConfigPath
            if !printOnly, !force, configuration.makeHealthProbe().probe().virtualHereRunning {
                fail("the VirtualHere server is running and rewrites \(path) itself; stop it first (systemctl stop virtualhere), or use --force")
            }
            let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            var config = NcodCore.VirtualHereServerConfig(text: existing)
            let owned = NcodCore.VirtualHereServerConfig.ownedValues(
                serverName: serverName ?? configuration.advertisedHostname, hostname: configuration.advertisedHostname, daemonPath: daemonPath,
                // The hooks get --state-dir only when it is not the default, as their lines always did.
                stateDirectory: configuration.stateDirectory == SlavedSettings.stateDirectory.defaultValue ? nil : configuration.stateDirectory
            )
            for (key, value) in owned { config.set(key, to: value) }
            if printOnly {
                print(config.text, terminator: "")
                return
            }
            do {
                try FileManager.default.createDirectory(atPath: PlainText.folder(of: path), withIntermediateDirectories: true)
                let temporary = path + ".ncod-new"
                try config.text.write(toFile: temporary, atomically: false, encoding: .utf8)
                var info = stat()
                if stat(path, &info) == 0 { chmod(temporary, info.st_mode & 0o7777) }
                guard rename(temporary, path) == 0 else { fail("cannot replace \(path): \(String(cString: strerror(errno)))") }
            } catch {
                fail("cannot write \(path): \(error)")
            }
            print("wrote \(owned.map(\.0).joined(separator: ", ")) into \(path); other lines kept")
        }
    }
}
