import Crypto
import Foundation
import NIOSSL
import NcodCore
import NcodStore
import Vapor

/// Settings and shared state of one master process that handlers need beyond the request.
struct MasterContext: Sendable {
    /// Lifetime of access tokens.
    var accessTokenLifetime: TimeInterval = 15 * 60
    /// Lifetime of refresh tokens.
    var refreshTokenLifetime: TimeInterval = 30 * 24 * 3600
    /// bcrypt cost for new password hashes (at least 12).
    var bcryptCost = 12
    /// The clock; tests replace it.
    var now: @Sendable () -> Date = { Date() }
    /// Login throttling.
    var rateLimiter = LoginRateLimiter()
    /// Registrations and enrolments per source address.
    var throttle = AddressThrottle()
    /// Registrations one address may make in 10 minutes (`--register-limit`; each costs a bcrypt hash).
    var registrationRule = AddressThrottle.Rule(limit: 10, window: 600)
    /// Enrolment attempts one address may make in 10 minutes (`--enrol-limit`; a box enrols once, a guesser tries many secrets).
    var enrolmentRule = AddressThrottle.Rule(limit: 10, window: 600)
    /// Seconds between slave reports (slaves are told at registration; three missed make a slave offline).
    var reportIntervalSeconds = 30
    /// Seconds between slave heartbeats (told to each slave at registration).
    var heartbeatIntervalSeconds = 2
    /// The site's enrolment secret, when keys/…/enrolment-secret exists.
    var enrolmentSecret: String?
    /// The URL slaves and clients reach this master at, for the commands shown to administrators.
    var publicURL = "https://127.0.0.1:8443"
    /// This master among the fleet's masters (a new one at each start).
    var instanceID = UUID()
    /// The change feed behind `GET /api/v1/events`.
    var events = EventHub()
    /// Seconds a lease lasts unless renewed.
    var leaseTTLSeconds = 60
    /// The key CSRF tokens are signed with (from the keys folder; a random one until then).
    var csrfKey = SymmetricKey(size: .bits256)
    /// The key the audit chain is sealed with (from the keys folder; a random one until then).
    var auditKey = SymmetricKey(size: .bits256)
    /// The site's maximum hold (`--max-hold`); `nil` for none.
    var maxHoldSeconds: Int?
    /// Seconds the first in a waiting list has to take a freed device (`--hold-window`).
    var holdWindowSeconds = 120
    /// Seconds between seals of new audit records (`--seal-interval`).
    var sealIntervalSeconds = 1
    /// The token `GET /metrics` requires; `nil` turns the endpoint off.
    var metricsToken: String?
    /// The site CA certificate (PEM) new boxes fetch from `GET /ca.pem`, and its SHA-256 fingerprint, which enrolment commands pin.
    var caCertificate: (pem: String, fingerprint: String)?
    /// The nonces computers sign at login (replaced with one keyed from the keys folder at start).
    var challenges = ComputerChallenges(siteKey: SymmetricKey(size: .bits256))
    /// The TLS every connection is given (one context for all, made at start; ``ConnectionGateHandler``). `nil` until configured.
    var tls: NIOSSLContext?
    /// Which connections the master keeps (per address, in all, and how long a first request may take to arrive).
    var connectionGate = ConnectionGate(limits: .init(perAddress: 256, total: 768, headerTimeout: 10))
    /// Balancers trusted to name the client in a PROXY protocol v2 header (`--proxy-protocol-from`).
    var proxyProtocolFrom: [AddressRange] = []
    /// The clients those balancers named, by connection.
    let proxiedClients = ProxiedClients()
    /// Heartbeats waiting to be written together.
    let heartbeats = HeartbeatBatcher()
    /// The open event streams, their callers' rights checked together.
    let streamGuard = EventStreamGuard()
    /// The open streams' frames, each made once.
    let eventFrames = EventFrames()

    /// The Prometheus metrics (they live with the change feed, which counts every change).
    var metrics: MasterMetrics { events.metrics }
}

extension Application {
    private struct MasterContextKey: StorageKey { typealias Value = MasterContext }

    /// This master's context (defaults until configured).
    var ncod: MasterContext {
        get { storage[MasterContextKey.self] ?? MasterContext() }
        set { storage[MasterContextKey.self] = newValue }
    }
}

extension Request {
    /// The master's context.
    var ncod: MasterContext { application.ncod }

    /// The caller's connection as ``ConnectionGate`` knows it: remote address and port.
    var connectionKey: String? { ConnectionGate.connectionKey(remoteAddress) }

    /// The caller's address, for throttling and the audit log: the client a trusted balancer named in its PROXY protocol header,
    /// else the socket's peer.
    var sourceAddress: String { (ncod.proxiedClients.client(for: connectionKey) ?? remoteAddress)?.ipAddress ?? "unknown" }

    /// The caller as a viewer of devices (``Viewer``): an administrator sees everything, anyone else what their org unit may.
    func viewer() async throws -> Viewer {
        let user = try principal.user
        return Viewer(user, units: user.role == .admin ? [] : try await Store(database: db).orgUnits.all())
    }

    /// Whether the caller may see and use `device` on `slave`; the org tree is read only when one of them is restricted.
    func sees(_ device: Device, on slave: Slave) async throws -> Bool {
        if Viewer.everyoneSees(device, on: slave) { return true }
        return try await viewer().sees(device, on: slave)
    }

    /// Appends an audit event; `actor` defaults to the authenticated caller, else `anonymous`.
    /// The source address is added to the details.
    func audit(_ action: String, subject: String, actor: String? = nil, details: [String: String] = [:], in store: Store? = nil) async throws {
        let who = actor ?? ((try? principal)?.auditName ?? "anonymous")
        var details = details
        details["ip"] = sourceAddress
        let event = AuditEvent(at: ncod.now(), actor: who, action: action, subject: subject, details: details)
        try await (store ?? Store(database: db)).audit.append(event)
    }

    /// Throttles `purpose` (`register`, `enrol`) from this request's address under `rule`: audits the first refusal of a run as
    /// `<audit>.throttled` and the count of the rest when the address is next let through; throws 429 with Retry-After.
    func throttle(_ purpose: String, rule: AddressThrottle.Rule, audit: String, subject: String) async throws {
        switch await ncod.throttle.admit("\(purpose):\(sourceAddress)", rule: rule, now: ncod.now()) {
        case .allowed(let refusedMeanwhile):
            if refusedMeanwhile > 0 {
                try await self.audit(
                    "\(audit).throttled", subject: subject, actor: "anonymous",
                    details: ["refusedMeanwhile": String(refusedMeanwhile), "summary": "true"])
            }
        case .refused(let wait, let first):
            if first {
                try await self.audit(
                    "\(audit).throttled", subject: subject, actor: "anonymous",
                    details: ["note": "further refusals from this address are counted, not logged one by one"])
            }
            let seconds = Int(wait.rounded(.up))
            throw Problem(
                status: 429, code: "too_many_attempts", title: "Too Many Attempts",
                detail: "too many attempts from this address; try again in \(seconds) s"
            )
            .retryAfter(seconds)
        }
    }

    /// Tells administrators' consoles that an account or binding changed (`action` like `registered`, `binding_requested`).
    func publishAccountChange(_ action: String, userID: UUID) async {
        await ncod.events.publish([ChangeEvent(kind: .account, action: action, subjectID: userID, at: ncod.now())])
    }

    /// Hashes a password with bcrypt on the thread pool, never on the event loop.
    func hashPassword(_ password: String) async throws -> String {
        let cost = ncod.bcryptCost
        return try await application.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password against a bcrypt hash on the thread pool.
    func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await application.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }
}
