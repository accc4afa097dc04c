import Foundation
import NcodClient
import NcodCore

/// What ncod-admin needs from the world: the master's admin API and its news. Tests pass a fake.
public protocol AdminServices: Sendable {
    /// Logs in as an administrator's console.
    func login(username: String, password: String) async throws -> UserProfile
    /// Everything but the audit log.
    func snapshot() async throws -> AdminSnapshot
    /// A page of the audit log.
    func audit(_ query: AuditQuery) async throws -> AuditPage
    /// A usage report.
    func report(_ request: ReportRequest) async throws -> UsageReport
    /// Carries out a change on the master.
    func run(_ command: AdminCommand) async throws -> AdminOutcome
    /// News from the master, as actions: changes, connection lost and back.
    func news() -> AsyncStream<AdminAction>
}

/// The real services: the master's API and event stream.
public final class LiveAdminServices: AdminServices {
    let api: MasterAPIClient
    let events: EventStreamClient

    /// Services over `api`, following events at `baseURL`.
    public init(api: MasterAPIClient, baseURL: String, caFile: String) {
        self.api = api
        self.events = EventStreamClient(baseURL: baseURL, caFile: caFile) { await api.accessToken }
    }

    /// Logs in as the admin console (no MAC addresses: the master does not check machines for administrators here).
    public func login(username: String, password: String) async throws -> UserProfile {
        try await api.login(LoginRequest(username: username, password: password, client: .adminConsole)).user
    }

    /// Fetches the figures, the fleet, the inventory, the leases, the accounts, the bindings and the tree at once.
    public func snapshot() async throws -> AdminSnapshot {
        async let overview = api.overview()
        async let slaves = api.slaves()
        async let devices = api.allDevices()
        async let leases = api.activeLeases()
        async let users = api.users()
        async let pending = api.bindings(status: .pending)
        async let approved = api.bindings(status: .approved)
        async let organisation = api.orgUnits()
        async let requests = api.requests()
        return AdminSnapshot(
            overview: try await overview, slaves: try await slaves, devices: try await devices, leases: try await leases, users: try await users,
            bindings: try await pending + approved, organisation: try await organisation,
            requests: try await requests)
    }

    /// A page of the audit log.
    public func audit(_ query: AuditQuery) async throws -> AuditPage { try await api.audit(query) }

    /// A usage report.
    public func report(_ request: ReportRequest) async throws -> UsageReport {
        try await api.usageReport(from: request.from, to: request.to, by: request.by, timeZone: request.timeZone)
    }

    /// Carries out `command` through the admin API.
    public func run(_ command: AdminCommand) async throws -> AdminOutcome {
        try await command.perform(api)
    }

    /// The event stream as actions: every change means "reload".
    public func news() -> AsyncStream<AdminAction> {
        let (stream, continuation) = AsyncStream.makeStream(of: AdminAction.self)
        let news = events.news()
        let task = Task {
            for await item in news {
                switch item {
                case .connectionLost: continuation.yield(.connection(lost: true))
                case .connectionBack: continuation.yield(.connection(lost: false))
                case .reload, .event: continuation.yield(.changed)
                }
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
