import ArgumentParser
import Foundation
import NcodVHSim
import NcodVirtualHere

/// `ncod-vhsim`: a simulator of the VirtualHere client daemon (FIFO IPC and `-t`) and of its servers' hooks,
/// for tests and the demo. It is not VirtualHere and says so in its HELP.
@main
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-vhsim",
        abstract: "Simulate the VirtualHere client daemon and its servers, for tests and the demo (not the real product).",
        discussion: """
            ncod-vhsim daemon --model model.json serves one FIFO pair per simulated client, in <fifo-root>/<client>/.
            ncod-vhsim -t "LIST" --fifo-dir <fifo-root>/<client> sends one command to it, like vhclientx86_64 -t.
            Besides VirtualHere's verbs it takes SIM PLUG, SIM UNPLUG, SIM KILL and SIM SERVER DOWN/UP for the physical world.
            """,
        subcommands: [Daemon.self]
    )

    @Option(name: .customShort("t"), help: "Send one IPC command to the running simulated client and print its answer.")
    var command: String?

    @Option(name: .customLong("fifo-dir"), help: "The client's pipe folder (default /tmp, i.e. /tmp/vhclient).")
    var fifoDirectory = "/tmp"

    func run() async throws {
        guard let command else {
            print(Self.helpMessage())
            return
        }
        do {
            let answer = try await VHFIFOTransport(folder: fifoDirectory).exchange(command, timeout: .seconds(5))
            FileHandle.standardOutput.write(Data(answer.utf8))
        } catch VHTransportError.clientNotRunning {
            print("An existing client is not running.")
            throw ExitCode.failure
        } catch VHTransportError.timedOut {
            print("No response from IPC server")
            throw ExitCode.failure
        }
    }
}
