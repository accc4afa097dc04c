import Foundation
import NcodAdmin
import NcodCore

/// A fixed site for the admin console tests: three slaves (online, offline, disabled), devices held and free, people waiting,
/// computers waiting, a three-level organisation tree, alerts and an audit page. Times are in UTC.
enum AdminFixtures {
    static let epoch = TUIFixtures.epoch
    static let now = epoch.addingTimeInterval(3_600)
    static func id(_ n: Int) -> UUID { TUIFixtures.id(n) }

    static let organisation = OrgUnit(id: id(801), parentID: nil, kind: .organisation, name: "华东工程集团", createdAt: epoch)
    static let company = OrgUnit(id: id(802), parentID: id(801), kind: .company, name: "上海自动化有限公司", createdAt: epoch)
    static let metro = OrgUnit(id: id(800), parentID: id(802), kind: .department, name: "地铁14号线项目部", createdAt: epoch)
    static let port = OrgUnit(id: id(803), parentID: id(802), kind: .department, name: "洋山港自动化项目部", createdAt: epoch)
    static let acme = OrgUnit(id: id(811), parentID: nil, kind: .organisation, name: "Acme Industrial", createdAt: epoch)
    static let controls = OrgUnit(id: id(812), parentID: id(811), kind: .company, name: "Acme Controls GmbH", createdAt: epoch)
    static let retrofit = OrgUnit(id: id(813), parentID: id(812), kind: .department, name: "Line 3 Retrofit", createdAt: epoch)

    static let tree = [
        OrgUnitNode(
            id: organisation.id, kind: .organisation, name: organisation.name,
            children: [
                OrgUnitNode(
                    id: company.id, kind: .company, name: company.name,
                    children: [
                        OrgUnitNode(id: metro.id, kind: .department, name: metro.name, children: []),
                        OrgUnitNode(id: port.id, kind: .department, name: port.name, children: []),
                    ])
            ]),
        OrgUnitNode(
            id: acme.id, kind: .organisation, name: acme.name,
            children: [
                OrgUnitNode(
                    id: controls.id, kind: .company, name: controls.name,
                    children: [OrgUnitNode(id: retrofit.id, kind: .department, name: retrofit.name, children: [])])
            ]),
    ]

    static func user(
        _ n: Int, _ username: String, _ name: String, status: User.Status, role: User.Role = .user, unit: OrgUnit, createdMinutesAgo: Int = 120
    ) -> (User, UserProfile) {
        let created = now.addingTimeInterval(-Double(createdMinutesAgo) * 60)
        let user = User(
            id: id(n), username: username, displayName: name, contact: "\(username)@example.com", passwordHash: "", role: role, status: status,
            orgUnitID: unit.id, createdAt: created, updatedAt: created)
        let path = unit.parentID == company.id ? [organisation, company, unit] : [acme, controls, unit]
        return (user, UserProfile(user, orgUnitPath: path.map(OrgUnitSummary.init)))
    }

    static let root = user(900, "root", "管理员", status: .active, role: .admin, unit: metro)
    static let zhang = user(901, "zhang.wei", "张伟", status: .active, unit: metro)
    static let li = user(902, "li.na", "李娜", status: .active, unit: port)
    static let anna = user(903, "anna.schmidt", "Anna Schmidt", status: .disabled, unit: retrofit)
    static let wang = user(904, "wang.fang", "王芳", status: .pending, unit: port, createdMinutesAgo: 30)
    static let zhao = user(905, "zhao.lei", "赵磊", status: .pending, unit: metro, createdMinutesAgo: 10)

    static func slave(_ n: Int, _ name: String, _ status: Slave.Status, lastReportSecondsAgo: Double) -> Slave {
        var slave = TUIFixtures.slave(n, name, status)
        slave.lastReportAt = now.addingTimeInterval(-lastReportSecondsAgo)
        slave.health = HostHealth(
            hostname: name, os: "Debian GNU/Linux 12", kernel: "6.1", uptimeSeconds: 86_400, load: [0.25, 0.2, 0.1], memoryTotalBytes: 4 << 30,
            memoryAvailableBytes: 3 << 30, diskTotalBytes: 32 << 30, diskAvailableBytes: 24 << 30, virtualHereRunning: true,
            virtualHereConfigPath: "/usr/local/etc/virtualhere/config.ini", virtualHereLicensed: true, virtualHereAuthorizes: true,
            virtualHereReportsBinds: true)
        return slave
    }

    static let lab = slave(1, "sh-lab-01", .online, lastReportSecondsAgo: 12)
    static let site = slave(2, "nj-site-02", .offline, lastReportSecondsAgo: 5_400)
    static let spare = slave(3, "spare-03", .disabled, lastReportSecondsAgo: 200_000)

    static let devices: [DeviceView] = {
        TUIFixtures.devices.map { view -> DeviceView in
            var view = view
            view.heldByMe = false
            view.myLeaseID = nil
            if view.heldBy == TUIFixtures.me.displayName { view.heldBy = "张伟" }
            return view
        }
    }()

    static let leases = [
        LeaseView(
            Lease(
                id: id(701), deviceID: id(12), userID: li.0.id, bindingID: nil, startedAt: now.addingTimeInterval(-2_700),
                expiresAt: now.addingTimeInterval(45)), vhAddress: "sh-lab-01.112", holder: li.0),
        LeaseView(
            Lease(
                id: id(702), deviceID: id(13), userID: zhang.0.id, bindingID: nil, startedAt: now.addingTimeInterval(-300),
                expiresAt: now.addingTimeInterval(50)), vhAddress: "sh-lab-01.113", holder: zhang.0),
    ]

    static let bindings = [
        BindingView(
            MachineBinding(
                id: id(601), userID: li.0.id, mac: MACAddress("02:00:00:00:00:b2")!, status: .pending, firstSeen: now.addingTimeInterval(-600),
                lastSeen: now.addingTimeInterval(-600)), user: li.0),
        BindingView(
            MachineBinding(
                id: id(602), userID: zhang.0.id, mac: MACAddress("02:00:00:00:00:a1")!, status: .approved, firstSeen: epoch,
                lastSeen: now.addingTimeInterval(-300)), user: zhang.0),
    ]

    /// What waits: a new person with their laptop, a known person's new computer, a person registered on the web, a changed key.
    static let requests = [
        JoinRequest(
            id: id(611), person: wang.1,
            computer: .init(
                bindingIDs: [id(611), id(612)], hostname: "laptop-wf", macs: [MACAddress("3c:22:fb:00:00:01")!, MACAddress("3c:22:fb:00:00:02")!],
                fingerprint: "SHA256:Xq3mN0c1u7KpVvT2yB8hLwZr5eJfA9dGsQ4iRo6CnMk", newKey: false, status: .pending),
            requestedAt: now.addingTimeInterval(-1_800)),
        JoinRequest(
            id: id(601), person: li.1,
            computer: .init(
                bindingIDs: [id(601)], hostname: "pc-lina", macs: [MACAddress("02:00:00:00:00:b2")!],
                fingerprint: "SHA256:bT7uP2wQ9mZ4kLx1cV8nR3yH6gJ0fD5sA2eW7qK1oIu", newKey: false, status: .pending),
            requestedAt: now.addingTimeInterval(-600)),
        JoinRequest(id: zhao.0.id, person: zhao.1, computer: nil, requestedAt: now.addingTimeInterval(-540)),
        JoinRequest(
            id: id(602), person: zhang.1,
            computer: .init(
                bindingIDs: [id(602)], hostname: "zw-thinkpad", macs: [MACAddress("02:00:00:00:00:a1")!],
                fingerprint: "SHA256:Lm9aQ2rT5yU8iO1pS4dF7gH0jK3lZ6xC9vB2nM5qW8e", newKey: true, status: .approved),
            requestedAt: now.addingTimeInterval(-120)),
    ]

    static let alerts = [
        AuditEvent(
            at: now.addingTimeInterval(-1_200), actor: "slave:sh-lab-01", action: "lease.ended", subject: "device:sh-lab-01.115",
            details: ["reason": "device_removed", "device": "FT232R USB UART", "slave": "sh-lab-01"]),
        AuditEvent(
            at: now.addingTimeInterval(-5_300), actor: "system", action: "slave.offline", subject: "slave:nj-site-02",
            details: ["silentSeconds": "95", "leasesEnded": "0"]),
    ]

    static var snapshot: AdminSnapshot {
        var overview = AdminOverview(
            slavesOnline: 1, slavesOffline: 1, slavesDisabled: 1, devicesPresent: 6, devicesInUse: 2, activeLeases: 2, pendingUsers: 2,
            pendingBindings: 1, alerts: alerts, devicesUnreachable: 2)
        overview.auditVerification = AuditVerification(at: now.addingTimeInterval(-3_600), checked: 18_342, unsealed: 2, finding: nil)
        return AdminSnapshot(
            overview: overview,
            slaves: [SlaveView(lab, deviceCount: 4), SlaveView(site, deviceCount: 2), SlaveView(spare, deviceCount: 0)], devices: devices,
            leases: leases, users: [root, zhang, li, anna, wang, zhao].map(\.1), bindings: bindings, organisation: tree,
            requests: requests)
    }

    static var auditPage: AuditPage {
        let actions = ["auth.login.ok", "lease.taken", "lease.released", "user.approved", "slave.renamed"]
        let events = (0..<40).map { index in
            AuditEvent(
                id: id(5_000 + index), at: now.addingTimeInterval(-Double(index) * 90), actor: index % 3 == 0 ? "root" : "zhang.wei",
                action: actions[index % actions.count], subject: index % 2 == 0 ? "user:zhang.wei" : "device:sh-lab-01.11\(index % 4)",
                details: ["n": "\(index)"])
        }
        return AuditPage(events: events, total: 3_214, offset: 0)
    }

    /// A month of use by org unit: two departments under one company and organisation.
    static func report(_ request: ReportRequest) -> UsageReport {
        let row = { (n: Int, name: String, path: String, leases: Int, held: Int, waits: Int, waited: Int) in
            UsageReport.Row(id: id(700 + n), name: name, path: path, leases: leases, heldSeconds: held, waits: waits, waitedSeconds: waited)
        }
        var hours = (0..<24).map { UsageReport.Hour(hour: $0, heldSeconds: 0, leasesTaken: 0) }
        for (hour, held) in [(9, 41_400), (10, 52_200), (14, 61_200), (15, 48_600)] { hours[hour].heldSeconds = held }
        return UsageReport(
            from: request.from, to: request.to, by: request.by, timeZone: request.timeZone,
            rows: [
                row(1, "华东工程集团", "华东工程集团", 64, 203_400, 9, 14_400),
                row(2, "上海自动化有限公司", "华东工程集团 / 上海自动化有限公司", 64, 203_400, 9, 14_400),
                row(3, "地铁14号线项目部", "华东工程集团 / 上海自动化有限公司 / 地铁14号线项目部", 41, 151_200, 7, 12_600),
                row(4, "地铁15号线项目部", "华东工程集团 / 上海自动化有限公司 / 地铁15号线项目部", 23, 52_200, 2, 1_800),
            ], hours: hours, leases: 64, heldSeconds: 203_400, waits: 9, waitedSeconds: 14_400)
    }

    /// The console logged in as `root`, with the fixed site loaded and the clock at ``now``.
    static func loggedIn(_ language: Language) -> AdminState {
        var state = AdminState(
            language: language, masterURL: "https://master.lan:8443", username: "root", timeZone: TimeZone(identifier: "UTC")!, now: now)
        _ = AdminReducer.reduce(&state, .loggedIn(root.1))
        _ = AdminReducer.reduce(&state, .loaded(snapshot))
        _ = AdminReducer.reduce(&state, .auditLoaded(state.auditQuery, auditPage))
        return state
    }
}
