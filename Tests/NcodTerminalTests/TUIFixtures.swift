import Foundation
import NcodCore
import NcodTUI

/// A fixed world for the TUI tests: two slaves, Chinese and English names, every device status.
enum TUIFixtures {
    static let epoch = Date(timeIntervalSince1970: 1_790_000_000)
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    static let me = UserProfile(
        User(
            id: id(900), username: "zhang.wei", displayName: "张伟", contact: "+86 138 0013 8000", passwordHash: "", role: .user, status: .active,
            orgUnitID: id(800), createdAt: epoch, updatedAt: epoch),
        orgUnitPath: [
            OrgUnitSummary(OrgUnit(id: id(801), parentID: nil, kind: .organisation, name: "华东工程集团", createdAt: epoch)),
            OrgUnitSummary(OrgUnit(id: id(802), parentID: id(801), kind: .company, name: "上海自动化有限公司", createdAt: epoch)),
            OrgUnitSummary(OrgUnit(id: id(800), parentID: id(802), kind: .department, name: "地铁14号线项目部", createdAt: epoch)),
        ])

    static func slave(_ n: Int, _ name: String, _ status: Slave.Status) -> Slave {
        Slave(
            id: id(n), name: name, host: name, hubAddress: "\(name):7575", status: status, lastReportAt: epoch, agentVersion: "0.1.0",
            credentialHash: "",
            createdAt: epoch)
    }

    static func view(
        _ n: Int, _ slave: Slave, port: String, vendor: UInt16, product: UInt16, name: String, serial: String?, nickname: String? = nil,
        heldBy: String? = nil, mine: Bool = false
    ) -> DeviceView {
        let device = Device(
            id: id(n), slaveID: slave.id, vhAddress: "\(slave.name).\(port.filter(\.isNumber))", vendorID: vendor, productID: product,
            manufacturer: nil,
            product: name, serial: serial, portPath: port, nickname: nickname, present: true, firstSeen: epoch, lastSeen: epoch)
        var view = DeviceView(device: device, slave: slave)
        view.heldBy = mine ? me.displayName : heldBy
        view.heldByMe = mine
        return view
    }

    static var devices: [DeviceView] {
        let lab = slave(1, "sh-lab-01", .online)
        let site = slave(2, "nj-site-02", .offline)
        return [
            view(11, lab, port: "1-1.1", vendor: 0x064f, product: 0x2af9, name: "CodeMeter-Stick", serial: "3-4812731", nickname: "TIA Portal 许可证"),
            view(12, lab, port: "1-1.2", vendor: 0x0908, product: 0x0004, name: "PC Adapter USB A2", serial: "C-J8K19402", heldBy: "李娜"),
            view(13, lab, port: "1-1.3", vendor: 0x1366, product: 0x0105, name: "J-Link", serial: "000260112233", nickname: "J-Link 调试器", mine: true),
            view(14, lab, port: "1-1.4", vendor: 0x0403, product: 0x6001, name: "FT232R USB UART", serial: nil, nickname: "PLC 编程电缆"),
            view(21, site, port: "1-2", vendor: 0x0529, product: 0x0001, name: "HASP HL 3.25", serial: nil, nickname: "EPLAN 加密狗"),
            view(22, site, port: "2-1", vendor: 0x0483, product: 0x3748, name: "ST-LINK/V2", serial: "55FF6B0651774956"),
        ]
    }

    static func loggedIn(_ language: Language) -> TUIState {
        var state = TUIState(language: language, masterURL: "https://master.lan:8443", macs: ["02:00:00:00:00:a1"])
        _ = TUIReducer.reduce(&state, .loggedIn(me))
        _ = TUIReducer.reduce(&state, .devicesLoaded(devices))
        return state
    }
}
