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
    struct Authorize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "VirtualHere's ClientAuthorization hook: admit a client only with the password of a live ncod lease.",
            discussion: """
                VirtualHere runs it with "$VENDOR_ID$" "$PRODUCT_ID$" "$CLIENT_ID$" "$CLIENT_IP$" "$PRODUCT_SERIAL$" "$PASSWORD$" "$DEVPATH$" \
                "$NICKNAME$" "$NUM_BINDINGS$" (ncod-slaved vh-config writes that line). Exit status 1 admits, 0 refuses, 2 asks for a password.
                """
        )

        /// `--state-dir`, from the command line VirtualHere runs.
        var stateDirectory: String { SlaveOptions.hookStateDirectory }

        @Option(name: .customLong("offline"), help: "When the master cannot be asked: known-leases (default) or deny.")
        var offline = AuthorizationHook.OfflinePolicy.knownLeases.rawValue

        @Argument(help: "$VENDOR_ID$") var vendorID: String
        @Argument(help: "$PRODUCT_ID$") var productID: String
        @Argument(help: "$CLIENT_ID$") var clientID: String
        @Argument(help: "$CLIENT_IP$") var clientIP: String
        @Argument(help: "$PRODUCT_SERIAL$") var serial: String
        @Argument(help: "$PASSWORD$ (MD5 hex of what the user typed)") var password: String
        @Argument(help: "$DEVPATH$") var devpath: String
        @Argument(help: "$NICKNAME$") var nickname: String = ""
        @Argument(help: "$NUM_BINDINGS$") var bindings: String = ""

        func run() async throws {
            guard let policy = AuthorizationHook.OfflinePolicy(rawValue: offline) else { fail("--offline is known-leases or deny") }
            let cache = LeaseCache.load(from: stateDirectory)
            let hostname = cache?.advertisedHostname ?? ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
            let address = AuthorizationHook.vhAddress(devpath: devpath, hostname: hostname)
            let state = try? SlaveState.load(from: stateDirectory)
            let client = state.map { MasterLink.makeClient(caFile: $0.caFile) }
            let (status, reason) = await AuthorizationHook.decide(
                vhAddress: address, passwordMD5: password, cache: cache, policy: policy, now: Date()
            ) {
                guard let state, let client else { throw MasterLinkError.unavailable("not enrolled") }
                let link = MasterLink(client: client, master: state.master, credential: state.credential, timeout: .seconds(3))
                return try await link.authorize(
                    AuthorizationRequest(vhAddress: address, passwordMD5: password, clientID: clientID, clientIP: clientIP), slaveID: state.slaveID)
            }
            try? await client?.shutdown()
            if status == AuthorizationHook.authorized {
                // The daemon frees this binding once no live lease with this password covers it.
                do { try BindLedger(stateDirectory: stateDirectory).admitted(address, passwordMD5: password) } catch {
                    StandardError.print("ncod-slaved authorize: \(error)\n")
                }
            }
            StandardError.print(
                "ncod-slaved authorize \(address) for \(clientID) at \(clientIP): \(status == 1 ? "admitted" : "refused") (\(reason))\n")
            throw ExitCode(status)
        }
    }

    struct Hook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "VirtualHere's onBind / onUnbind hook: record the binding for the daemon (which undoes one no lease covers) and tell the master.",
            discussion: "Always exits 0: a logging hook must not stand in VirtualHere's way."
        )

        /// `--state-dir`, from the command line VirtualHere runs.
        var stateDirectory: String { SlaveOptions.hookStateDirectory }

        @Argument(help: "bind or unbind") var event: String
        @Argument(help: "$ADDRESS$") var address: String
        @Argument(help: "$VENDOR_ID$") var vendorID: String = ""
        @Argument(help: "$PRODUCT_ID$") var productID: String = ""
        @Argument(help: "$DEVPATH$") var devpath: String = ""
        @Argument(help: "$CLIENT_ID$") var clientID: String = ""
        @Argument(help: "$CLIENT_IP$") var clientIP: String = ""

        func run() async throws {
            let hostname =
                LeaseCache.load(from: stateDirectory)?.advertisedHostname
                ?? ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
            let vhAddress = devpath.isEmpty ? "\(hostname).\(address)" : AuthorizationHook.vhAddress(devpath: devpath, hostname: hostname)
            // The daemon frees any binding no live lease covers, whatever the master says here.
            let ledger = BindLedger(stateDirectory: stateDirectory)
            if event == "bind" {
                do { try ledger.bound(vhAddress) } catch { StandardError.print("ncod-slaved hook: \(error)\n") }
            } else if event == "unbind" {
                ledger.unbound(vhAddress)
            }
            guard let state = try? SlaveState.load(from: stateDirectory) else {
                StandardError.print("ncod-slaved hook: not enrolled; \(event) of \(vhAddress) not reported\n")
                return
            }
            let client = MasterLink.makeClient(caFile: state.caFile)
            do {
                try await MasterLink(client: client, master: state.master, credential: state.credential, timeout: .seconds(3))
                    .reportBind(BindReport(event: event, vhAddress: vhAddress, clientID: clientID, clientIP: clientIP), slaveID: state.slaveID)
            } catch {
                StandardError.print("ncod-slaved hook: could not report \(event) of \(vhAddress): \(error)\n")
            }
            try? await client.shutdown()
        }
    }
}
