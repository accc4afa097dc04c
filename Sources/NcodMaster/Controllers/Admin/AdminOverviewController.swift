import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/admin/overview`: the dashboard's figures and recent alerts in one answer.
struct AdminOverviewController: RouteCollection {
    /// How many alerts the overview carries.
    static let alertCount = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get("overview", use: overview)
    }

    @Sendable
    func overview(req: Request) async throws -> AdminOverview {
        let store = Store(database: req.db)
        let slaves = try await store.slaves.all()
        let leases = try await store.leases.allActive()
        let present = try await store.devices.list(slaveID: nil).filter(\.present)
        let presentIDs = Set(present.map(\.id))
        let leased = Set(leases.map(\.deviceID))
        let online = Set(slaves.filter { $0.status == .online }.map(\.id))
        var alerts = try await store.audit.page(AuditQuery(action: "slave.offline", limit: Self.alertCount)).events
        alerts += try await store.audit.page(AuditQuery(action: "lease.ended", limit: AuditQuery.maxLimit)).events.filter(AdminOverview.isAlert)
        alerts.sort { $0.at > $1.at }
        var overview = AdminOverview(
            slavesOnline: slaves.count { $0.status == .online }, slavesOffline: slaves.count { $0.status == .offline },
            slavesDisabled: slaves.count { $0.status == .disabled }, devicesPresent: present.count,
            devicesInUse: leases.count { presentIDs.contains($0.deviceID) }, activeLeases: leases.count,
            pendingUsers: try await store.users.list(status: .pending).count,
            pendingBindings: try await store.bindings.list(status: .pending).count, alerts: Array(alerts.prefix(Self.alertCount)),
            devicesFree: present.count { online.contains($0.slaveID) && !leased.contains($0.id) },
            devicesUnreachable: present.count { !online.contains($0.slaveID) })
        overview.auditVerification = try await AuditSeals.lastVerification(store: store)
        return overview
    }
}
