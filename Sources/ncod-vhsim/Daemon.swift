import ArgumentParser
import Foundation
import NcodVHSim

extension SimulatorCommand {
    struct Daemon: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve the simulated clients' FIFO pairs until SIGTERM (or the EXIT command).")

        @Option(help: "JSON file describing servers, devices and clients.")
        var model: String

        @Option(name: .customLong("fifo-root"), help: "Each client's pipes go in <fifo-root>/<client name>/.")
        var fifoRoot = "/tmp/ncod-vhsim"

        @Flag(name: .customLong("trailing-byte"), help: "Fault: end every answer with a \\x01 status byte.")
        var trailingByte = false

        @Option(name: .customLong("slow-ms"), help: "Fault: wait this long before answering.")
        var slowMilliseconds = 0

        @Option(name: .customLong("stale-every"), help: "Fault: after every Nth answer, send a stale copy to whoever reads next.")
        var staleEvery = 0

        @Flag(name: .customLong("leave-fifos"), help: "Fault: leave the pipes behind on exit, as a crashed client does.")
        var leaveFIFOs = false

        func run() throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: model)) } catch {
                throw ValidationError("cannot read the model \(model): \(error)")
            }
            let world: SimModel
            do { world = try JSONDecoder().decode(SimModel.self, from: data) } catch {
                throw ValidationError("the model \(model) is not valid: \(error)")
            }
            let engine = SimEngine(model: world)
            var folders: [String] = []
            for client in world.clients {
                let folder = fifoRoot + "/" + client.name
                try makeFIFOs(in: folder)
                folders.append(folder)
                let server = PipeServer(
                    folder: folder, client: client.name, engine: engine, trailingByte: trailingByte, slowMilliseconds: slowMilliseconds,
                    staleEvery: staleEvery)
                server.start()
            }
            let cleanUpOnSignal = { cleanUp(folders) }
            SignalExit.install(cleanUpOnSignal)
            FileHandle.standardError.write(
                Data(
                    "ncod-vhsim: simulating \(world.servers.count) server(s) for \(world.clients.map(\.name).joined(separator: ", ")) in \(fifoRoot)\n"
                        .utf8))
            while true {
                usleep(200_000)
                engine.tick()
                if engine.exitRequested {
                    cleanUp(folders)
                    Foundation.exit(0)
                }
            }
        }

        private func makeFIFOs(in folder: String) throws {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for name in ["vhclient", "vhclient_response"] {
                let path = folder + "/" + name
                unlink(path)
                guard mkfifo(path, 0o600) == 0 else { throw ValidationError("cannot create \(path): \(String(cString: strerror(errno)))") }
            }
        }

        private func cleanUp(_ folders: [String]) {
            guard !leaveFIFOs else { return }
            for folder in folders {
                unlink(folder + "/vhclient")
                unlink(folder + "/vhclient_response")
            }
        }
    }
}

/// SIGTERM and SIGINT remove the pipes and exit 0.
enum SignalExit {
    nonisolated(unsafe) private static var action: () -> Void = {}

    static func install(_ cleanUp: @escaping () -> Void) {
        action = cleanUp
        signal(SIGTERM) { _ in
            SignalExit.action()
            _exit(0)
        }
        signal(SIGINT) { _ in
            SignalExit.action()
            _exit(0)
        }
    }
}
