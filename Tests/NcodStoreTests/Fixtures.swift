import Foundation
import NcodCore
import NcodStore

/// Small builders of valid rows for the contract cases.
enum Fixtures {
    static let epoch = Date(timeIntervalSince1970: 1_790_000_000)

    static func orgTree(_ store: Store) async throws -> (organisation: OrgUnit, company: OrgUnit, department: OrgUnit) {
        let organisation = try await store.orgUnits.create(OrgUnit(id: UUID(), parentID: nil, kind: .organisation, name: "华东集团", createdAt: epoch))
        let company = try await store.orgUnits.create(
            OrgUnit(id: UUID(), parentID: organisation.id, kind: .company, name: "上海自动化有限公司", createdAt: epoch))
        let department = try await store.orgUnits.create(
            OrgUnit(id: UUID(), parentID: company.id, kind: .department, name: "地铁项目部", createdAt: epoch))
        return (organisation, company, department)
    }

    static func user(_ username: String, status: User.Status = .active, role: User.Role = .user, orgUnitID: UUID? = nil) -> User {
        User(
            id: UUID(), username: username, displayName: "张伟 \(username)", contact: "\(username)@example.com",
            passwordHash: "$2b$12$abcdefghijklmnopqrstuuJ0yN0h7Kq3dW0pQ9h8QJq9m4Qm8Zy5a", role: role, status: status,
            orgUnitID: orgUnitID, createdAt: epoch, updatedAt: epoch
        )
    }

    static func slave(_ name: String) -> Slave {
        Slave(
            id: UUID(), name: name, host: "\(name).lan", hubAddress: "\(name).lan:7575", status: .online, lastReportAt: nil,
            agentVersion: "0.1.0", credentialHash: "sha256:00", createdAt: epoch
        )
    }

    static func device(on slave: Slave, port: String, product: String? = "CodeMeter-Stick") -> Device {
        Device(
            id: UUID(), slaveID: slave.id, vhAddress: "\(slave.name).\(port.filter(\.isNumber))", vendorID: 0x064f, productID: 0x2af9,
            manufacturer: "WIBU-SYSTEMS AG", product: product, serial: "3-\(port)", portPath: port, nickname: nil, present: true,
            firstSeen: epoch, lastSeen: epoch
        )
    }

    static func lease(_ device: Device, _ user: User, minutes: Double = 1) -> Lease {
        Lease(id: UUID(), deviceID: device.id, userID: user.id, bindingID: nil, startedAt: epoch, expiresAt: epoch.addingTimeInterval(minutes * 60))
    }
}
