import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The daemon's HTTPS conversation with the master, trusting only the site CA.
public struct MasterLink: Sendable {
    let client: HTTPClient
    let base: String
    let credential: String?
    let timeout: TimeAmount

    /// A link to `master` trusting `caFile`; `credential` is `<id>.<secret>` once enrolled.
    public init(client: HTTPClient, master: String, credential: String?, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.base = master.hasSuffix("/") ? String(master.dropLast()) : master
        self.credential = credential
        self.timeout = timeout
    }

    /// An HTTP client that trusts only the certificates signed by `caFile`.
    public static func makeClient(caFile: String) -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caFile)
        tls.minimumTLSVersion = .tlsv12
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Enrols with the site secret or a one-time token.
    public func enrol(_ request: EnrolRequest) async throws -> EnrolResponse {
        try decode(try await call(.POST, "/api/v1/slaves/enrol", body: request))
    }

    /// Registers this run of the daemon; returns the session and interval.
    public func register(_ registration: SlaveRegistration) async throws -> SlaveRegistration.Accepted {
        try decode(try await call(.POST, "/api/v1/slaves/register", body: registration))
    }

    /// Sends a full report.
    public func report(_ report: SlaveReport, slaveID: UUID) async throws -> ReportReceipt {
        try decode(try await call(.POST, "/api/v1/slaves/\(slaveID.uuidString)/reports", body: report))
    }

    /// Says "still here" between full reports; the answer carries the slave's lease epoch.
    @discardableResult
    public func heartbeat(_ heartbeat: SlaveHeartbeat, slaveID: UUID) async throws -> HeartbeatReceipt {
        try decode(try await call(.POST, "/api/v1/slaves/\(slaveID.uuidString)/heartbeats", body: heartbeat))
    }

    /// Opens the slave's long-lived link (heartbeats and unchanged reports as lines of one open request, receipts, lease pushes
    /// and requests for a full report down its answer); `onReportWanted` hears when the master wants a full report now. `nil`
    /// when the master does not offer the link (an older master: heartbeats go as requests).
    public func openChannel(slaveID: UUID, onReportWanted: @escaping @Sendable () -> Void) async throws -> LinkChannel? {
        let (lines, writer) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .unbounded)
        var request = HTTPClientRequest(url: base + "/api/v1/slaves/\(slaveID.uuidString)/link")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.headers.add(name: "User-Agent", value: "ncod-slaved/\(NcodVersion.current)")
        if let credential { request.headers.add(name: "Authorization", value: "Slave \(credential)") }
        request.body = .stream(lines, length: .unknown)
        // An empty line first: the master's server hands a streamed request to its handler with the body's first bytes.
        writer.yield(ByteBuffer(string: "\n"))
        let response: HTTPClientResponse
        do {
            // The timeout covers the answer's head only; the link then lasts until either side ends it.
            response = try await client.execute(request, timeout: timeout)
        } catch {
            writer.finish()
            throw MasterLinkError.unavailable(Self.describe(error))
        }
        guard response.status == .ok else {
            writer.finish()
            let data = Data((try? await response.body.collect(upTo: 1 << 20).readableBytesView) ?? ByteBuffer().readableBytesView)
            if response.status == .notFound || response.status == .methodNotAllowed { return nil }
            throw Self.error(status: response.status, body: data)
        }
        let channel = LinkChannel(lines: writer)
        channel.read(response.body, onReportWanted: onReportWanted)
        return channel
    }

    /// Asks whether a VirtualHere client may use a device (ClientAuthorization).
    public func authorize(_ request: AuthorizationRequest, slaveID: UUID) async throws -> AuthorizationRequest.Decision {
        try decode(try await call(.POST, "/api/v1/slaves/\(slaveID.uuidString)/authorize", body: request))
    }

    /// Tells the master about a bind or unbind VirtualHere reported (onBind / onUnbind), for the audit log.
    public func reportBind(_ report: BindReport, slaveID: UUID) async throws {
        _ = try await call(.POST, "/api/v1/slaves/\(slaveID.uuidString)/binds", body: report)
    }

    /// Says goodbye; the master marks the slave offline at once.
    public func deregister(slaveID: UUID) async throws {
        _ = try await call(.POST, "/api/v1/slaves/\(slaveID.uuidString)/deregister", body: [String: String]())
    }

    private func decode<Answer: Decodable>(_ data: Data) throws -> Answer {
        do {
            return try NcodJSON.decoder().decode(Answer.self, from: data)
        } catch {
            throw MasterLinkError.unavailable("the master answered something this daemon cannot read: \(error)")
        }
    }

    /// Sends one request; the answer's body on success, a ``MasterLinkError`` otherwise.
    private func call<Body: Encodable>(_ method: HTTPMethod, _ path: String, body: Body) async throws -> Data {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ncod-slaved/\(NcodVersion.current)")
        if let credential { request.headers.add(name: "Authorization", value: "Slave \(credential)") }
        request.body = .bytes(ByteBuffer(bytes: Array(try NcodJSON.encoder().encode(body))))
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await client.execute(request, timeout: timeout)
            data = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        } catch {
            throw MasterLinkError.unavailable(Self.describe(error))
        }
        guard (200..<300).contains(response.status.code) else { throw Self.error(status: response.status, body: data) }
        return data
    }

    /// What an answer other than 2xx means for the daemon.
    static func error(status: HTTPResponseStatus, body: Data) -> MasterLinkError {
        if status.code >= 500 { return .unavailable("HTTP \(status.code)") }
        let problem =
            (try? NcodJSON.decoder().decode(Problem.self, from: body))
            ?? Problem(status: Int(status.code), code: "http_\(status.code)", title: status.reasonPhrase)
        return error(for: problem)
    }

    /// What a refusal means for the daemon: a failing master is a retry, an old session or sequence a new registration, anything
    /// else a refusal for good.
    static func error(for problem: Problem) -> MasterLinkError {
        if problem.status >= 500 { return .unavailable("\(problem.title) (\(problem.code))") }
        if problem.code == "stale_session" || problem.code == "replayed_report" { return .staleSession }
        return .refused(problem)
    }

    /// One line saying why a call failed.
    static func describe(_ error: any Error) -> String {
        if let client = error as? HTTPClientError { return "\(client)" }
        if let ssl = error as? NIOSSLError { return "TLS: \(ssl)" }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
