import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import NcodCore

/// The master's HTTPS API for the terminal programs: trusts only the site CA, keeps the tokens of a login,
/// refreshes the access token once when it has expired, and turns problem documents into ``APIError``.
public actor MasterAPIClient {
    /// The master's base URL.
    public let baseURL: String
    private let client: HTTPClient
    private var tokens: TokenResponse?
    /// The language the master's problem details come back in.
    private let language: Language

    /// A client for `baseURL`, trusting `caFile`, asking for problem details in `language`; its connections live on
    /// `eventLoopGroup` (the shared one when `nil`).
    public init(baseURL: String, caFile: String, language: Language = .english, eventLoopGroup: (any EventLoopGroup)? = nil) {
        self.language = language
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(caFile)
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        // The device list comes gzip-compressed when asked (Accept-Encoding, set on that request): about a tenth of the bytes.
        configuration.decompression = .enabled(limit: .size(256 << 20))
        self.client =
            if let eventLoopGroup { HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration) } else {
                HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            }
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// The account logged in, if any.
    public var user: UserProfile? { tokens?.user }

    /// The current access token, for a caller that opens its own streams (the event stream).
    public var accessToken: String? { tokens?.accessToken }

    /// The current refresh token, for a caller that keeps the login between runs (the `ncod` command).
    public var refreshToken: String? { tokens?.refreshToken }

    /// Picks up a login kept from an earlier run: exchanges its refresh token for fresh tokens (the old one is then spent).
    @discardableResult
    public func resume(refreshToken: String) async throws -> TokenResponse {
        let answer: TokenResponse = try await send(
            .POST, "/api/v1/auth/refresh", body: RefreshRequest(refreshToken: refreshToken), authenticated: false)
        tokens = answer
        return answer
    }

    /// Logs in and keeps the tokens.
    @discardableResult
    public func login(_ request: LoginRequest) async throws -> TokenResponse {
        let answer: TokenResponse = try await call(.POST, "/api/v1/auth/login", body: request, authenticated: false)
        tokens = answer
        return answer
    }

    /// Registers a new (pending) account.
    public func register(_ request: RegisterRequest) async throws -> UserProfile {
        try await call(.POST, "/api/v1/auth/register", body: request, authenticated: false)
    }

    /// Forgets the tokens and revokes the refresh token on the master.
    public func logout() async {
        guard let refresh = tokens?.refreshToken else { return }
        tokens = nil
        let _: Empty? = try? await call(.POST, "/api/v1/auth/logout", body: RefreshRequest(refreshToken: refresh), authenticated: false)
    }

    /// A nonce for this computer to sign.
    public func challenge() async throws -> LoginChallenge { try await call(.GET, "/api/v1/auth/challenge", authenticated: false) }

    /// Where a person and this computer stand (the computer proves its key; no password).
    public func standing(_ request: StandingRequest) async throws -> Standing {
        try await call(.POST, "/api/v1/auth/standing", body: request, authenticated: false)
    }

    /// The organisation tree (for registration).
    public func orgUnits() async throws -> [OrgUnitNode] { try await call(.GET, "/api/v1/org-units", authenticated: false) }

    /// The caller's profile.
    public func me() async throws -> UserProfile { try await call(.GET, "/api/v1/me") }

    /// Every device with where it is and who holds it. The last list is kept with its entity tag: when nothing changed since, the
    /// master answers 304 and that copy is used, neither sent again nor decoded again.
    public func devices() async throws -> [DeviceView] { try await keptDeviceList("/api/v1/devices") }

    /// How many device lists the master answered with 304 (the kept copy was used).
    public private(set) var deviceListReuses = 0
    /// The last answer of each device list asked for (the caller's, and administrators' `?all=true`), with its entity tag.
    private var deviceLists: [String: (etag: String, devices: [DeviceView])] = [:]

    /// The device list at `path`, asked for with the kept copy's entity tag and gzip, renewing the session once if it expired.
    func keptDeviceList(_ path: String) async throws -> [DeviceView] {
        do {
            return try await listDevices(path)
        } catch APIError.problem(let problem) where problem.code == "invalid_token" && tokens?.refreshToken != nil {
            try await refresh()
            return try await listDevices(path)
        }
    }

    private func listDevices(_ path: String) async throws -> [DeviceView] {
        var request = makeRequest(.GET, path, authenticated: true)
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        if let kept = deviceLists[path] { request.headers.add(name: "If-None-Match", value: kept.etag) }
        let (response, data) = try await exchange(request)
        if response.status == .notModified, let kept = deviceLists[path] {
            deviceListReuses += 1
            return kept.devices
        }
        let devices: [DeviceView] = try decode(response, data)
        deviceLists[path] = response.headers.first(name: "ETag").map { ($0, devices) }
        return devices
    }

    /// Takes a lease on a device.
    public func takeLease(deviceID: UUID) async throws -> LeaseGrant { try await call(.POST, "/api/v1/devices/\(deviceID)/lease") }

    /// Renews the caller's lease.
    public func renewLease(_ id: UUID) async throws -> LeaseView { try await call(.PUT, "/api/v1/leases/\(id)") }

    /// Moves the end of the caller's lease: a timed hold until `until` (kept without renewals), or an extension of a lease still
    /// renewed.
    public func holdLease(_ id: UUID, until: Date, timed: Bool) async throws -> LeaseView {
        try await call(.PUT, "/api/v1/leases/\(id)", body: HoldRequest(until: until, timed: timed))
    }

    /// Releases the caller's lease.
    public func releaseLease(_ id: UUID) async throws {
        let _: Empty? = try await call(.DELETE, "/api/v1/leases/\(id)")
    }

    /// The caller's active leases.
    public func myLeases() async throws -> [LeaseView] { try await call(.GET, "/api/v1/leases") }

    /// Sends a request with JSON `body` and decodes the answer; refreshes the tokens once on an expired access token.
    public func call<Answer: Decodable & Sendable>(
        _ method: HTTPMethod, _ path: String, body: (some Encodable & Sendable)? = Optional<Empty>.none, authenticated: Bool = true
    ) async throws -> Answer {
        do {
            return try await send(method, path, body: body, authenticated: authenticated)
        } catch APIError.problem(let problem) where authenticated && problem.code == "invalid_token" && tokens?.refreshToken != nil {
            try await refresh()
            return try await send(method, path, body: body, authenticated: authenticated)
        }
    }

    private func refresh() async throws {
        guard let refreshToken = tokens?.refreshToken else { return }
        let answer: TokenResponse = try await send(
            .POST, "/api/v1/auth/refresh", body: RefreshRequest(refreshToken: refreshToken), authenticated: false)
        tokens = answer
    }

    private func send<Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: (some Encodable)?, authenticated: Bool) async throws -> Answer {
        var request = makeRequest(method, path, authenticated: authenticated)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: Array(try NcodJSON.encoder().encode(body))))
        }
        let (response, data) = try await exchange(request)
        return try decode(response, data)
    }

    /// A request with the headers every call carries: JSON, the language, who asks, and the access token.
    private func makeRequest(_ method: HTTPMethod, _ path: String, authenticated: Bool) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Accept-Language", value: language == .simplifiedChinese ? "zh-CN, en;q=0.5" : "en")
        request.headers.add(name: "User-Agent", value: "ncod-client/\(NcodVersion.current)")
        if authenticated, let token = tokens?.accessToken { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    /// Sends `request` and collects the answer; a master that cannot be reached is ``APIError/unreachable(_:)``.
    private func exchange(_ request: HTTPClientRequest) async throws -> (HTTPClientResponse, Data) {
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            return (response, Data(try await response.body.collect(upTo: 64 << 20).readableBytesView))
        } catch {
            throw APIError.unreachable(String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)")
        }
    }

    /// The answer decoded, or the problem it carries as ``APIError/problem(_:)``.
    private func decode<Answer: Decodable>(_ response: HTTPClientResponse, _ data: Data) throws -> Answer {
        guard (200..<300).contains(response.status.code) else {
            let problem =
                (try? NcodJSON.decoder().decode(Problem.self, from: data))
                ?? Problem(status: Int(response.status.code), code: "http_\(response.status.code)", title: response.status.reasonPhrase)
            throw APIError.problem(problem)
        }
        if data.isEmpty, let none = Optional<Empty>.none as? Answer { return none }
        do {
            return try NcodJSON.decoder().decode(Answer.self, from: data)
        } catch {
            throw APIError.unreadable("\(error)")
        }
    }
}

/// A body-less request or answer.
public struct Empty: Codable, Sendable {}
