import ArgumentParser
import Foundation
import NcodCore
import NcodTUI
import NcodTerminal

/// What one keystroke costs in ncod-tui's device list with a large inventory: the reducer taking the key plus the render of
/// the whole screen, as the runtime does it.
struct Keystroke: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time keystrokes in ncod-tui's device list with a large inventory.")

    @Argument(help: "Devices in the inventory.") var devices = 10_000
    @Argument(help: "Rounds of typing the query.") var rounds = 20

    func run() {
        let deviceCount = devices
        let query = "codemeter 3-48"
        TextWidth.prepareLocale()
        let user = User(
            id: UUID(), username: "zhang.wei", displayName: "张伟", contact: "", passwordHash: "", role: .user, status: .active, orgUnitID: nil,
            createdAt: Date(), updatedAt: Date())
        let devices = Self.inventory(deviceCount)
        let clock = ContinuousClock()
        var keystrokes: [Double] = []
        var filters: [Double] = []
        var matches = 0
        for _ in 0..<rounds {
            var state = TUIState(language: .simplifiedChinese, masterURL: "https://master.lan:8443", macs: [])
            _ = TUIReducer.reduce(&state, .loggedIn(UserProfile(user, orgUnitPath: [])))
            _ = TUIReducer.reduce(&state, .devicesLoaded(devices))
            for key in [Key.character("/")] + query.map({ Key.character($0) }) {
                let start = clock.now
                _ = TUIReducer.reduce(&state, .key(key))
                let screen = TUIRenderer.render(state, rows: 40, columns: 120)
                keystrokes.append(milliseconds(clock.now - start))
                precondition(screen.rows == 40)
                let filterStart = clock.now
                matches = DeviceFilter.apply(state.devices, search: state.search, freeOnly: false, mineOnly: false, sort: state.sort).count
                filters.append(milliseconds(clock.now - filterStart))
            }
        }
        keystrokes.sort()
        filters.sort()
        print("devices: \(devices.count), keystrokes measured: \(keystrokes.count) (typing '/\(query)' \(rounds) times), final matches: \(matches)")
        print(
            String(
                format: "keystroke (reduce + render 120x40): median %.2f ms, p95 %.2f ms, max %.2f ms", percentile(keystrokes, 0.5),
                percentile(keystrokes, 0.95), keystrokes.last ?? 0))
        print(
            String(
                format: "DeviceFilter.apply alone:          median %.2f ms, p95 %.2f ms, max %.2f ms", percentile(filters, 0.5),
                percentile(filters, 0.95),
                filters.last ?? 0))
    }

    /// A deterministic inventory: 100 slaves, devices cycling through real-world names, some held, some offline.
    static func inventory(_ count: Int) -> [DeviceView] {
        let epoch = Date(timeIntervalSince1970: 1_790_000_000)
        let names: [(UInt16, UInt16, String, String?)] = [
            (0x064f, 0x2af9, "CodeMeter-Stick", "TIA Portal 许可证"), (0x0908, 0x0004, "PC Adapter USB A2", nil),
            (0x1366, 0x0105, "J-Link", "J-Link 调试器"), (0x0403, 0x6001, "FT232R USB UART", "PLC 编程电缆"),
            (0x0529, 0x0001, "HASP HL 3.25", "EPLAN 加密狗"), (0x0483, 0x3748, "ST-LINK/V2", nil), (0x1a86, 0x7523, "USB 串口转换器 CH340", nil),
        ]
        let slaves = (0..<100).map { n in
            Slave(
                id: UUID(), name: String(format: "lab-%03d", n), host: "lab-\(n)", hubAddress: "lab-\(n):7575",
                status: n % 10 == 9 ? .offline : .online,
                lastReportAt: epoch, agentVersion: "0.1.0", credentialHash: "", createdAt: epoch)
        }
        return (0..<count).map { n in
            let slave = slaves[n % slaves.count]
            let (vendor, product, name, nickname) = names[n % names.count]
            let device = Device(
                id: UUID(), slaveID: slave.id, vhAddress: "\(slave.name).\(100 + n / slaves.count)", vendorID: vendor, productID: product,
                manufacturer: nil,
                product: name, serial: String(format: "3-48%05d", n), portPath: "1-\(n / slaves.count)", nickname: n % 3 == 0 ? nickname : nil,
                present: true, firstSeen: epoch, lastSeen: epoch)
            var view = DeviceView(device: device, slave: slave)
            if n % 17 == 0 { view.heldBy = "李娜" }
            return view
        }
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
func milliseconds(_ duration: Duration) -> Double {
    duration.inMilliseconds
}
