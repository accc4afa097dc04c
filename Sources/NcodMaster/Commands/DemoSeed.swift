import Foundation
import NcodCore
import NcodStore
import Vapor

/// `ncod-master seed-demo`: a small, realistic data set for the demo and the tests: an organisation tree with
/// Chinese names, people in every status, two slaves (one online, one silent) with typical dongles and cables.
public enum DemoSeed {
    /// The password of every demo account (demo data only; never used on a real site).
    public static let password = "ncod-demo-2026"

    /// What was seeded.
    public struct Summary: Sendable, Equatable {
        /// Accounts created.
        public var users: Int
        /// Org units created.
        public var orgUnits: Int
        /// Devices created.
        public var devices: Int
    }

    /// Seeds the demo data; does nothing (returns `nil`) when it is already there.
    /// `macs` become approved bindings of the active demo users, so that a terminal on this computer can log in.
    public static func seed(configuration: MasterConfiguration, logger: Logger, macs: [MACAddress], now: Date = Date()) async throws -> Summary? {
        let app = try await MasterApplication.makeDatabaseOnly(configuration, logger: logger)
        do {
            try await MasterApplication.migrate(app, location: configuration.database)
            let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: 12) }
            let summary = try await Store(database: app.db).transaction { store in try await seed(store, passwordHash: hash, macs: macs, now: now) }
            try await app.asyncShutdown()
            return summary
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Seeds into `store` (inside a transaction).
    static func seed(_ store: Store, passwordHash: String, macs: [MACAddress], now: Date) async throws -> Summary? {
        if try await store.orgUnits.all().contains(where: { $0.name == "华东工程集团" }) { return nil }
        var units = 0
        func unit(_ name: String, _ kind: OrgUnit.Kind, _ parent: OrgUnit?) async throws -> OrgUnit {
            units += 1
            return try await store.orgUnits.create(OrgUnit(id: UUID(), parentID: parent?.id, kind: kind, name: name, createdAt: now))
        }
        let group = try await unit("华东工程集团", .organisation, nil)
        let shanghai = try await unit("上海自动化有限公司", .company, group)
        let metro = try await unit("地铁14号线项目部", .department, shanghai)
        let port = try await unit("洋山港自动化项目部", .department, shanghai)
        let nanjing = try await unit("南京电气有限公司", .company, group)
        let jiangbei = try await unit("江北新区项目部", .department, nanjing)
        let acme = try await unit("Acme Industrial", .organisation, nil)
        let controls = try await unit("Acme Controls GmbH", .company, acme)
        let retrofit = try await unit("Line 3 Retrofit", .department, controls)

        let people: [(String, String, String, User.Status, String?, OrgUnit)] = [
            ("zhang.wei", "张伟", "+86 138 0013 8000", .active, nil, metro),
            ("li.na", "李娜", "li.na@example.com", .active, nil, port),
            ("anna.schmidt", "Anna Schmidt", "anna.schmidt@example.com", .active, nil, retrofit),
            ("wang.fang", "王芳", "+86 139 1234 5678", .pending, nil, jiangbei),
            ("chen.jie", "陈杰", "chen.jie@example.com", .rejected, "不是本公司员工", metro),
            ("liu.yang", "刘洋", "+86 137 5555 0101", .disabled, "已离职", port),
        ]
        for (username, name, contact, status, reason, department) in people {
            let user = try await store.users.create(
                User(
                    id: UUID(), username: username, displayName: name, contact: contact, passwordHash: passwordHash, role: .user, status: status,
                    statusReason: reason, orgUnitID: department.id, createdAt: now, updatedAt: now
                )
            )
            if status == .active {
                for mac in macs {
                    let binding = try await store.bindings.record(userID: user.id, mac: mac, at: now)
                    _ = try await store.bindings.setStatus(binding.id, to: .approved)
                }
            }
        }

        let online = try await store.slaves.create(
            Slave(
                id: UUID(), name: "sh-lab-01", host: "sh-lab-01.lan", hubAddress: "sh-lab-01.lan:7575", status: .online, lastReportAt: now,
                agentVersion: NcodVersion.current, credentialHash: "demo", createdAt: now
            )
        )
        let silent = try await store.slaves.create(
            Slave(
                id: UUID(), name: "nj-site-02", host: "nj-site-02.lan", hubAddress: "nj-site-02.lan:7575", status: .offline,
                lastReportAt: now.addingTimeInterval(-3600), agentVersion: NcodVersion.current, credentialHash: "demo", createdAt: now
            )
        )
        let devices: [(Slave, String, UInt16, UInt16, String?, String?, String?, String?)] = [
            (online, "1-1.1", 0x064f, 0x2af9, "WIBU-SYSTEMS AG", "CodeMeter-Stick", "3-4812731", "TIA Portal 许可证"),
            (online, "1-1.2", 0x0908, 0x0004, "Siemens AG", "PC Adapter USB A2", "C-J8K19402", nil),
            (online, "1-1.3", 0x1366, 0x0105, "SEGGER", "J-Link", "000260112233", "J-Link 调试器"),
            (online, "1-1.4", 0x0403, 0x6001, "FTDI", "FT232R USB UART", nil, "PLC 编程电缆"),
            (silent, "1-2", 0x0529, 0x0001, "Aladdin Knowledge Systems", "HASP HL 3.25", nil, "EPLAN 加密狗"),
            (silent, "2-1", 0x0483, 0x3748, "STMicroelectronics", "ST-LINK/V2", "55FF6B065177495619420887", nil),
        ]
        for (slave, port, vendor, product, manufacturer, name, serial, nickname) in devices {
            _ = try await store.devices.create(
                Device(
                    id: UUID(), slaveID: slave.id, vhAddress: "\(slave.name).\(port.filter(\.isNumber))", vendorID: vendor, productID: product,
                    manufacturer: manufacturer, product: name, serial: serial, portPath: port, nickname: nickname, present: true,
                    firstSeen: now, lastSeen: slave.lastReportAt ?? now
                )
            )
        }
        try await store.audit.append(
            AuditEvent(at: now, actor: "system:cli", action: "demo.seeded", subject: "database", details: ["users": "\(people.count)"]))
        return Summary(users: people.count, orgUnits: units, devices: devices.count)
    }
}
