import Foundation
import NcodTestSupport
import NcodVirtualHere
import Testing

/// The parsers on every sample of the reference (Tests/Fixtures/virtualhere).
@Suite("VirtualHere parsers")
struct ParserTests {
    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: RepositoryPaths.root + "/Tests/Fixtures/virtualhere/" + name, encoding: .utf8)
    }

    @Test("LIST: the official sample, with another user's device and the five-line trailer")
    func dockerReadme() throws {
        let list = VHClientList(parsing: try Self.fixture("list-docker-readme.txt"))
        #expect(list.hubs.map(\.name) == ["Desktop Hub"])
        #expect(list.hubs.first?.host == "SERVER" && list.hubs.first?.port == 7575)
        #expect(list.devices.map(\.address) == ["SERVER.82", "SERVER.73", "SERVER.111", "SERVER.19"])
        #expect(list.devices.map(\.name) == ["Portable SSD T5", "Token JC", "AURA Custom Human interface", "Corsair Link TM USB Dongle"])
        #expect(list.device("server.73")?.holder == .other(client: "(michael)", ip: "192.168.0.21"))
        #expect(list.device("SERVER.82")?.holder == .free)
        #expect(list.autoFind == true && list.autoUseAll == false && list.reverseLookup == false && list.reverseSSLLookup == false)
        #expect(list.runningAsService == false)
    }

    @Test("LIST: in use by you, auto-use marker, service mode")
    func markers() throws {
        let daemon = VHClientList(parsing: try Self.fixture("list-daemon-in-use-by-you.txt"))
        #expect(daemon.devices == [VHClientList.Device(name: "TTL232R-3V3", address: "BeagleBone.11", autoUse: false, holder: .you)])
        #expect(daemon.runningAsService == true)
        let auto = VHClientList(parsing: try Self.fixture("list-auto-use.txt"))
        #expect(auto.devices == [VHClientList.Device(name: "RFXtrx433", address: "officeant.113", autoUse: true, holder: .you)])
    }

    @Test("LIST: empty, old client wording, and hard names")
    func variants() throws {
        let empty = VHClientList(parsing: try Self.fixture("list-empty.txt"))
        #expect(empty.hubs.isEmpty && empty.autoFind == true)

        let old = VHClientList(parsing: try Self.fixture("list-old-client.txt"))
        #expect(old.hubs.map(\.name) == ["Raspberry Hub", "Synology Hub", "ASUSTOR Hub"])
        #expect(old.hubs[1].port == 17570)
        #expect(old.hubs[2].devices.isEmpty)
        #expect(old.device("raspberrypi.114")?.holder == .you)
        #expect(old.reverseSSLLookup == nil)
        #expect(old.runningAsService == false)

        let odd = VHClientList(parsing: try Self.fixture("list-odd-names.txt"))
        #expect(odd.hubs.map(\.host) == ["Pips-MacBook-Pro.local", "rpios-17", "10.254.75.75"])
        #expect(odd.devices.map(\.address) == ["Pips-MacBook-Pro.local.336592896", "rpios-17.32", "10.254.75.75.114"])
        #expect(odd.devices[0].holder == .other(client: "Fulano", ip: "100.96.0.3"))
        #expect(odd.devices[1].name == "10MP CMOS Camera")
    }

    @Test("a trailing status byte and carriage returns do not disturb LIST")
    func controlBytes() throws {
        let raw = try Self.fixture("list-docker-readme.txt").replacingOccurrences(of: "\n", with: "\r\n") + "\u{01}"
        #expect(VHClientList(parsing: raw) == VHClientList(parsing: try Self.fixture("list-docker-readme.txt")))
    }

    @Test("DEVICE INFO: both samples, nickname present or not")
    func deviceInfo() throws {
        let android = try #require(VHDeviceInfo(parsing: try Self.fixture("device-info-android.txt")))
        #expect(android.address == "spf3-topaz-1.17")
        #expect(android.vendorID == 0x05c6 && android.productID == 0x901d)
        #expect(android.serial == "1f53203a" && android.nickname == "KonaFrames01" && android.holder == .free)
        let nordic = try #require(VHDeviceInfo(parsing: try Self.fixture("device-info-nordic.txt")))
        #expect(nordic.product == "nRF52 Connectivity" && nordic.nickname == nil && nordic.vendorID == 0x1915)
        #expect(VHDeviceInfo(parsing: "IN USE BY: YOU\nADDRESS: nuc.14\n")?.holder == .you)
        #expect(VHDeviceInfo(parsing: "FAILED") == nil, "a reply without ADDRESS means the device is unknown or gone")
    }

    @Test("SERVER INFO: the sample, an unlicensed server")
    func serverInfo() throws {
        let info = try #require(VHServerInfo(parsing: try Self.fixture("server-info-windows.txt")))
        #expect(info.name == "Windows Hub" && info.version == "4.6.4" && info.state == "Logged in")
        #expect(info.port == 7575 && info.connectedSeconds == 9265)
        #expect(info.maxDevices == 1 && info.isTrial)
        #expect(info.serialNumber == "07370b72-f03f-4f6e-b930-33fd5d8930f5")
        #expect(info.fields["EASYFIND"] == "not enabled")
    }

    @Test("GET CLIENT STATE: attributes, decimal IDs, addresses, state bits")
    func clientState() throws {
        let state = try VHClientState(parsing: try Self.fixture("client-state.xml") + "\u{01}")
        #expect(state.servers.count == 1)
        #expect(state.servers[0].name == "Desktop Hub" && state.servers[0].hostname == "SERVER" && state.servers[0].state == 3)
        #expect(state.servers[0].maxDevices == 1)
        let device = try #require(state.devices.first)
        #expect(device.address == "SERVER.82")
        #expect(device.vendorID == 0x04e8 && device.productID == 0x6103)
        #expect(!device.isBound && !device.isBoundByMe)
        #expect(device.attributes["autoUse"] == "not-set")
        #expect(throws: VHClientState.Invalid.self) { try VHClientState(parsing: "FAILED") }
    }

    @Test("responses are classified as OK, failures with their reason, or payloads")
    func responses() {
        #expect(VHResponse(raw: "OK\n") == .ok)
        #expect(VHResponse(raw: "OK\u{01}") == .ok)
        #expect(VHResponse(raw: "FAILED") == .failed(""))
        #expect(VHResponse(raw: "FAILED: API Timeout\n") == .failed("API Timeout"))
        #expect(VHResponse(raw: "ERROR: no such device") == .failed("no such device"))
        #expect(VHResponse(raw: "NAME: x\n") == .payload("NAME: x\n"))
    }

    @Test("commands are the exact lines the client expects")
    func commands() {
        #expect(VHCommand.use(address: "box1.114", password: nil).line == "USE,box1.114")
        #expect(VHCommand.use(address: "box1.114", password: "s3cret").line == "USE,box1.114,s3cret")
        #expect(VHCommand.stopUsing(address: "box1.114").line == "STOP USING,box1.114")
        #expect(VHCommand.serverRename(hubAddress: "box1:7575", name: "Lab").line == "SERVER RENAME,box1:7575,Lab")
        #expect(VHCommand.getClientState.line == "GET CLIENT STATE")
        #expect(VHCommand.list.isAction == false && VHCommand.use(address: "a.1", password: nil).isAction)
    }
}
