/// Talks to the local VirtualHere client, one exchange at a time (the IPC has no concurrency control, reference §3.1).
///
/// ```swift
/// let client = VirtualHereClient(transport: VHFIFOTransport())
/// try await client.perform(.use(address: "box1.114", password: lease.password))
/// let list = try await client.list()
/// ```
public actor VirtualHereClient {
    /// The way requests travel.
    public let transport: any VHTransport
    /// How long one exchange may take.
    public let timeout: Duration
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A client over `transport`.
    public init(transport: any VHTransport, timeout: Duration = .seconds(5)) {
        self.transport = transport
        self.timeout = timeout
    }

    /// Sends `command` and classifies the answer.
    public func send(_ command: VHCommand) async throws -> VHResponse {
        await acquire()
        defer { release() }
        return VHResponse(raw: try await transport.exchange(command.line, timeout: timeout))
    }

    /// Runs an action; throws ``VHCommandError/failed(command:reason:)`` when the client answers `FAILED` or `ERROR`.
    public func perform(_ command: VHCommand) async throws {
        switch try await send(command) {
        case .ok: return
        case .failed(let reason): throw VHCommandError.failed(command: command.line, reason: reason)
        case .payload(let text): throw VHCommandError.unexpected(command: command.line, answer: text)
        }
    }

    /// Runs a query and returns its payload; throws on `FAILED` / `ERROR`.
    public func query(_ command: VHCommand) async throws -> String {
        switch try await send(command) {
        case .payload(let text): return text
        case .failed(let reason): throw VHCommandError.failed(command: command.line, reason: reason)
        case .ok: return ""
        }
    }

    /// `LIST`, parsed.
    public func list() async throws -> VHClientList { VHClientList(parsing: try await query(.list)) }

    /// `GET CLIENT STATE`, parsed.
    public func state() async throws -> VHClientState { try VHClientState(parsing: try await query(.getClientState)) }

    /// `DEVICE INFO`, parsed; `nil` when the device is unknown or gone.
    public func deviceInfo(_ address: String) async throws -> VHDeviceInfo? {
        switch try await send(.deviceInfo(address: address)) {
        case .payload(let text): return VHDeviceInfo(parsing: text)
        default: return nil
        }
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// The client answered, but not with what was asked for.
public enum VHCommandError: Error, Equatable, CustomStringConvertible {
    /// `FAILED…` or `ERROR:…`, with the reason when one was given.
    case failed(command: String, reason: String)
    /// A payload where `OK` was expected.
    case unexpected(command: String, answer: String)

    /// One line for people.
    public var description: String {
        switch self {
        case .failed(let command, let reason): "\(command.split(separator: ",").first ?? "") failed" + (reason.isEmpty ? "" : ": \(reason)")
        case .unexpected(let command, let answer): "unexpected answer to \(command.split(separator: ",").first ?? ""): \(answer.prefix(80))"
        }
    }
}
