import ArgumentParser
import Logging
import NcodCore
import NcodSlave
import ServiceLifecycle

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

extension SlavedCommand {
    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the fleet: prove this slave with the enrolment secret or a one-time token, and keep the credential 0600.",
            discussion: "Without --token, the secret is read from --secret-file (default /etc/ncod/enrolment-secret)."
        )

        @OptionGroup var options: SlaveOptions

        @Option(help: "The master's URL, e.g. https://master.lan:8443.")
        var master: String

        @Option(help: "The site CA certificate (keys/generated/ca.pem on the master); or give --ca-fingerprint.")
        var ca: String?

        @Option(
            name: .customLong("ca-fingerprint"),
            help: "The site CA's SHA-256 fingerprint (from the command ncod-admin shows): the CA is fetched from the master and checked against it.")
        var caFingerprint: String?

        @Option(help: "A one-time enrolment token from an administrator.")
        var token: String?

        @Option(help: "The name to enrol under (default: the advertised host name).")
        var name: String?

        func run() async throws {
            let configuration = try options.resolve()
            let (secretFile, stateDirectory) = (configuration.secretFile, configuration.stateDirectory)
            let slaveName = name ?? configuration.advertisedHostname
            var request = EnrolRequest(name: slaveName, token: token)
            if token == nil {
                guard let secret = FileManager.default.contents(atPath: secretFile).map({ String(decoding: $0, as: UTF8.self) }) else {
                    fail("cannot read the enrolment secret at \(secretFile); give --secret-file or --token")
                }
                request.enrolmentSecret = secret.trimmingWhitespace()
            }
            guard (ca == nil) != (caFingerprint == nil) else { fail("give the site CA as --ca FILE or --ca-fingerprint SHA256 (one of them)") }
            if let ca, !FileManager.default.isReadableFile(atPath: ca) { fail("cannot read the CA certificate \(ca)") }
            var pinned: String?
            if let caFingerprint {
                do { pinned = try await PinnedCA.fetch(master: master, fingerprint: caFingerprint) } catch { fail("\(error)") }
            }
            try? FileManager.default.createDirectory(
                atPath: stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let caCopy = stateDirectory + "/ca.pem"
            if let pinned {
                guard FileManager.default.createFile(atPath: caCopy, contents: Data(pinned.utf8), attributes: [.posixPermissions: 0o644]) else {
                    fail("cannot write the CA into \(stateDirectory)")
                }
            } else if let ca, ca != caCopy {
                try? FileManager.default.removeItem(atPath: caCopy)
                do { try FileManager.default.copyItem(atPath: ca, toPath: caCopy) } catch {
                    fail("cannot copy the CA into \(stateDirectory): \(error)")
                }
            }
            let client = MasterLink.makeClient(caFile: caCopy)
            do {
                let enrolled = try await MasterLink(client: client, master: master, credential: nil).enrol(request)
                try SlaveState(master: master, caFile: caCopy, slaveID: enrolled.slaveID, credential: enrolled.credential, name: slaveName).save(
                    in: stateDirectory)
                try await client.shutdown()
                print("enrolled '\(slaveName)' as \(enrolled.slaveID); credential kept in \(SlaveState.path(in: stateDirectory))")
            } catch {
                try? await client.shutdown()
                fail("\(error)")
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register with the master and report this box's devices until SIGTERM, which deregisters it."
        )

        @OptionGroup var options: SlaveOptions

        @Flag(name: .customLong("dry-run"), help: "Never contact the master: print each report as JSON instead.")
        var dryRun = false

        @Option(help: "Seconds between reports in a dry run (a real run uses the master's interval).")
        var interval = 30

        func run() async throws {
            let configuration = try options.resolve()
            let (stateDirectory, hubPort) = (configuration.stateDirectory, configuration.hubPort)
            bootstrapLogging(json: configuration.logFormat == "json", level: Logger.Level(rawValue: configuration.logLevel) ?? .info)
            let logger = Logger(label: "ncod.slaved")
            let state: SlaveState?
            do {
                state = dryRun ? nil : try SlaveState.load(from: stateDirectory)
            } catch {
                fail("\(error)")
            }
            let client = state.map { MasterLink.makeClient(caFile: $0.caFile) }
            let link = zip(client, state).map { MasterLink(client: $0.0, master: $0.1.master, credential: $0.1.credential) }
            let registration = SlaveRegistration(
                name: state?.name ?? configuration.advertisedHostname, host: ProcessInfo.processInfo.hostName,
                hubAddress: "\(configuration.advertisedHostname):\(hubPort)", agentVersion: NcodVersion.current
            )
            let agent = SlaveAgent(
                link: link, state: state, stateDirectory: dryRun ? nil : stateDirectory, registration: registration, configuration: configuration,
                logger: logger,
                dryRunInterval: max(1, interval)
            )
            let group = ServiceGroup(
                configuration: .init(services: [.init(service: agent)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            do {
                try await group.run()
                try await client?.shutdown()
            } catch {
                try? await client?.shutdown()
                fail("\(error)")
            }
        }
    }
}

/// `Optional` pairs, without importing Algorithms.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// Writes `ncod-slaved: error: <message>` to standard error and exits with status 1.
func fail(_ message: String) -> Never {
    StandardError.print("ncod-slaved: error: \(message)\n")
    exit(1)
}

/// Starts swift-log with text or JSON lines on standard error.
func bootstrapLogging(json: Bool, level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        // Under systemd, each line carries its priority, so journalctl -p err finds the errors.
        let journal = JournalPriority.standardErrorIsJournal(ProcessInfo.processInfo.environment["JOURNAL_STREAM"])
        var handler = RedactingLogHandler(
            json ? JSONLogHandler(label: label, journal: journal) as any LogHandler : TextLogHandler(label: label, journal: journal))
        handler.logLevel = level
        return handler
    }
}
