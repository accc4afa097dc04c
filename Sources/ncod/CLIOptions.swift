import ArgumentParser
import Foundation
import NcodCLI
import NcodClient
import NcodCore

/// The options every `ncod` subcommand takes: which master and CA (shared with ncod-tui's settings), the language, the computer's
/// MAC addresses, VirtualHere's pipes, and JSON output.
struct CLIOptions: ParsableArguments {
    @Option(help: ArgumentHelp(ClientSettings.master.help + " Default: as ncod-tui remembered it."))
    var master: String?

    @Option(help: ArgumentHelp(ClientSettings.ca.help + " Default: as ncod-tui remembered it."))
    var ca: String?

    @Option(name: .customLong(ClientSettings.language.key), help: ArgumentHelp(ClientSettings.language.help))
    var language: String?

    @Option(name: .customLong(ClientSettings.mac.key), help: ArgumentHelp(ClientSettings.mac.help))
    var macs: [String] = []

    @Option(name: .customLong(ClientSettings.virtualHereFIFODirectory.key), help: ArgumentHelp(ClientSettings.virtualHereFIFODirectory.help))
    var fifoDirectory: String?

    @Flag(help: "Answer in JSON on stdout (errors too: {\"error\": {...}}), for scripts.")
    var json = false

    /// Runs `body` with a client, prints what it returns (`human` for people, the value itself as JSON with `--json`), and turns a
    /// failure into its message (stderr, in the user's language) and its exit status. Ctrl-C or SIGTERM cancels `body`.
    func run<Output: Encodable & Sendable>(
        _ body: @escaping @Sendable (CLIClient) async throws -> Output, human: @escaping @Sendable (Output, Language) -> String
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: TerminalSettings
        do {
            settings = try TerminalSettings(program: "tui", master: master, ca: ca, language: language, environment: environment)
        } catch {
            fail(CLIFailure(.usage, Message("\(error)", zh: "\(error)")), language: Language.fromEnvironment(environment))
        }
        let client: CLIClient
        do {
            client = try CLIClient(settings: settings, macs: macs, fifoDirectory: fifoDirectory, environment: environment)
        } catch {
            fail(CLIFailure.from(error), language: settings.language)
        }
        var progressed = client
        let quiet = json
        progressed.progress = { message in
            if !quiet { FileHandle.standardError.write(Data((message.text(in: settings.language) + "\n").utf8)) }
        }
        let running = progressed
        let task = Task { try await body(running) }
        let signals = Self.cancelOnSignals(task)
        let result = await task.result
        signals.forEach { $0.cancel() }
        await client.shutdown()
        switch result {
        case .success(let output):
            if json {
                print(Self.encode(output))
            } else {
                let text = human(output, settings.language)
                if !text.isEmpty { print(text) }
            }
        case .failure(let error):
            fail(CLIFailure.from(error), language: settings.language)
        }
    }

    /// Says why and exits with the failure's status.
    func fail(_ failure: CLIFailure, language: Language) -> Never {
        if json {
            struct Body: Encodable {
                struct Detail: Encodable {
                    var exit: Int32
                    var code: String?
                    var message: String
                }
                var error: Detail
            }
            print(Self.encode(Body(error: .init(exit: failure.exit.rawValue, code: failure.code, message: failure.message.text(in: language)))))
        }
        FileHandle.standardError.write(Data(("ncod: " + failure.message.text(in: language) + "\n").utf8))
        Foundation.exit(failure.exit.rawValue)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = NcodJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Ctrl-C and SIGTERM cancel `task` (a waiting command leaves its line before it exits).
    static func cancelOnSignals(_ task: Task<some Sendable, any Error>) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
    }

    /// Seconds from a duration option (`90s`, `20m`, `2h`), or a usage error naming the option.
    static func seconds(_ text: String?, option: String) throws -> Int? {
        guard let text else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            throw ValidationError("\(option) must be a duration such as 90s, 20m or 2h, got '\(text)'")
        }
        return seconds
    }

    /// A device description from `--match`, or a usage error.
    static func match(_ text: String?) throws -> DeviceMatch? {
        guard let text else { return nil }
        do {
            return try DeviceMatch(parsing: text)
        } catch {
            throw ValidationError("--match: \(error)")
        }
    }
}
