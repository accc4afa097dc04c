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

    /// Carries out `command` through the admin API.
    public func run(_ command: AdminCommand) async throws -> AdminOutcome {
        switch command {
        case .issueToken(let name): return .token(try await api.issueEnrolmentToken(slaveName: name))
        case .renameSlave(let id, let name): _ = try await api.renameSlave(id, to: name)
        case .disableSlave(let id, let reason): _ = try await api.disableSlave(id, reason: reason)
        case .enableSlave(let id): _ = try await api.enableSlave(id)
        case .removeSlave(let id, let force): try await api.removeSlave(id, force: force)
        case .setNickname(let id, let nickname): _ = try await api.setNickname(id, to: nickname)
        case .setMaxHold(let id, let seconds): _ = try await api.setMaxHold(id, seconds: seconds)
        case .approveRequest(let id, let part, let unit): _ = try await api.approveRequest(id, part: part, orgUnitID: unit)
        case .rejectRequest(let id, let part, let reason): _ = try await api.rejectRequest(id, reason: reason, part: part)
        case .disableUser(let id, let reason): _ = try await api.disableUser(id, reason: reason)
        case .enableUser(let id): _ = try await api.enableUser(id)
        case .resetPassword(let id):
            return try await api.resetPassword(id).temporaryPassword.map(AdminOutcome.temporaryPassword) ?? .done
        case .updateUser(let id, let patch): _ = try await api.updateUser(id, patch)
        case .approveBinding(let id): _ = try await api.approveBinding(id)
        case .revokeBinding(let id, let reason): _ = try await api.revokeBinding(id, reason: reason)
        case .createUnit(let change): _ = try await api.createOrgUnit(change)
        case .updateUnit(let id, let change): _ = try await api.updateOrgUnit(id, change)
        case .deleteUnit(let id): try await api.deleteOrgUnit(id)
        case .forceRelease(let id, let reason): try await api.forceRelease(id, reason: reason)
        }
        return .done
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
