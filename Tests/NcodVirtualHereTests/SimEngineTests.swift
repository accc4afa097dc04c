import Foundation
import NcodCore
import NcodVHSim
import NcodVirtualHere
import Synchronization
import Testing

/// The simulator's answers, compared with the reference's verbatim samples, and its rules.
@Suite("VirtualHere simulator engine")
struct SimEngineTests {
    /// Records hook command lines and answers with a scripted exit status.
    final class RecordingHooks: SimHookRunner {
        let calls = Mutex<[String]>([])
        let answer: @Sendable (String) -> Int32
        init(answer: @escaping @Sendable (String) -> Int32 = { _ in 1 }) { self.answer = answer }
        func run(_ command: String) -> Int32 {
            calls.withLock { $0.append(command) }
            return answer(command)
        }
    }

    static let fixed = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("LIST matches the official sample byte for byte")
    func listGolden() throws {
        let model = SimModel(
            servers: [
                SimModel.Server(
                    name: "Desktop Hub", hostname: "SERVER", licensed: false,
                    devices: [
                        .init(address: 82, vendor: "Samsung", product: "Portable SSD T5", vendorID: 0x04e8, productID: 0x61f5),
                        .init(
                            address: 73, vendor: "JaCarta", product: "Token JC", vendorID: 0x24dc, productID: 0x0101,
                            heldBy: .init(fullName: "", user: "michael", ip: "192.168.0.21")),
                        .init(address: 111, vendor: "ASUS", product: "AURA Custom Human interface", vendorID: 0x0b05, productID: 0x1872),
                        .init(address: 19, vendor: "Corsair", product: "Corsair Link TM USB Dongle", vendorID: 0x1b1c, productID: 0x0c04),
                    ])
            ],
            clients: [SimModel.Client(name: "me", service: false)]
        )
        let engine = SimEngine(model: model)
        #expect(engine.handle("LIST", from: "me") == (try ParserTests.fixture("list-docker-readme.txt")))
        #expect(engine.handle("list", from: "me") == engine.handle("LIST", from: "me"), "verbs are case-insensitive")
    }

    @Test("DEVICE INFO and SERVER INFO match the samples byte for byte")
    func infoGolden() throws {
        let model = SimModel(
            servers: [
                SimModel.Server(
                    name: "Windows Hub", hostname: "192.168.31.145", ip: "192.168.31.145", serial: "07370b72-f03f-4f6e-b930-33fd5d8930f5",
                    version: "4.6.4", licensed: false),
                SimModel.Server(
                    name: "NUC Hub", hostname: "nuc",
                    devices: [
                        .init(
                            address: 14, vendor: "Nordic Semiconductor", product: "nRF52 Connectivity", vendorID: 0x1915, productID: 0xc00a,
                            serial: "FA2BC41052F6")
                    ]),
                SimModel.Server(
                    name: "Topaz", hostname: "spf3-topaz-1",
                    devices: [
                        .init(
                            address: 17, vendor: "Android", product: "Android", vendorID: 0x05c6, productID: 0x901d, serial: "1f53203a",
                            nickname: "KonaFrames01")
                    ]),
            ],
            clients: [SimModel.Client(name: "me")]
        )
        let clock = Mutex(Self.fixed)
        let engine = SimEngine(model: model, now: { clock.withLock { $0 } })
        clock.withLock { $0 = Self.fixed.addingTimeInterval(9265) }
        #expect(engine.handle("DEVICE INFO,nuc.14", from: "me") == (try ParserTests.fixture("device-info-nordic.txt")))
        #expect(engine.handle("DEVICE INFO,spf3-topaz-1.17", from: "me") == (try ParserTests.fixture("device-info-android.txt")))
        #expect(engine.handle("SERVER INFO,Windows Hub", from: "me") == (try ParserTests.fixture("server-info-windows.txt")))
        #expect(engine.handle("DEVICE INFO,nuc.99", from: "me") == "FAILED\n")
    }

    @Test("GET CLIENT STATE carries what the reference's document carries, and parses")
    func clientState() throws {
        let engine = SimEngine(
            model: SimModel(
                servers: [
                    SimModel.Server(
                        name: "Desktop Hub", hostname: "SERVER", serial: "07370b72-f03f-4f6e-b930-33fd5d8930f5", licensed: false,
                        devices: [
                            .init(address: 82, vendor: "Samsung", product: "Portable SSD T5", vendorID: 1256, productID: 24835, serial: "1234567890")
                        ])
                ],
                clients: [SimModel.Client(name: "me")]
            ), hooks: RecordingHooks())
        let ours = try VHClientState(parsing: engine.handle("GET CLIENT STATE", from: "me"))
        let reference = try VHClientState(parsing: try ParserTests.fixture("client-state.xml"))
        for key in ["serverName", "hostname", "serverSerial", "license_max_devices", "state", "port"] {
            #expect(ours.servers[0].connection[key] == reference.servers[0].connection[key], "connection \(key)")
        }
        for key in ["vendor", "product", "idVendor", "idProduct", "address", "state", "deviceSerial", "autoUse"] {
            #expect(ours.devices[0].attributes[key] == reference.devices[0].attributes[key], "device \(key)")
        }
        #expect(engine.handle("USE,SERVER.82", from: "me") == "OK\n")
        let bound = try VHClientState(parsing: engine.handle("GET CLIENT STATE", from: "me"))
        #expect(bound.devices[0].isBoundByMe)
    }

    /// A licensed server with ClientAuthorization, onBind and onUnbind in its config.ini.
    static func licensedWorld(pingTimeout: Double = 9) throws -> (SimModel, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vhsim-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var config = VirtualHereServerConfig(text: "License=1a2b,1,KEY==\n")
        for (key, value) in VirtualHereServerConfig.ownedValues(serverName: "Lab", hostname: "box1", daemonPath: "/opt/ncod-slaved") {
            config.set(key, to: value)
        }
        try config.text.write(toFile: folder + "/config.ini", atomically: true, encoding: .utf8)
        let model = SimModel(
            servers: [
                SimModel.Server(
                    name: "Lab", hostname: "box1", licensed: true, configPath: folder + "/config.ini",
                    devices: [
                        .init(
                            address: 114, vendor: "WIBU-SYSTEMS AG", product: "CodeMeter-Stick", vendorID: 0x064f, productID: 0x2af9,
                            serial: "3-4812731"),
                        .init(address: 112, vendor: "Siemens AG", product: "PC Adapter USB A2", vendorID: 0x0908, productID: 0x0004),
                    ])
            ],
            clients: [
                SimModel.Client(name: "alice", fullName: "Alice Zhang", ip: "10.0.0.21"),
                SimModel.Client(name: "bob", fullName: "王磊", ip: "10.0.0.22"),
            ],
            pingTimeoutSeconds: pingTimeout
        )
        return (model, folder)
    }

    @Test("USE runs ClientAuthorization with the MD5 of the password and honours its exit code; binds run onBind")
    func authorization() throws {
        let (model, _) = try Self.licensedWorld()
        let goodMD5 = SimEngine.md5Hex("s3cret-lease-password")
        let hooks = RecordingHooks { command in command.contains(" authorize ") && command.contains("\"\(goodMD5)\"") ? 1 : 0 }
        let engine = SimEngine(model: model, hooks: hooks)
        #expect(engine.handle("USE,box1.114,wrong", from: "bob") == "FAILED\n")
        #expect(engine.handle("USE,box1.114,s3cret-lease-password", from: "alice") == "OK\n")
        #expect(SimEngine.md5Hex("mypassword") == "34819d7beeabb9260a5c854bc85b3e44", "the reference's worked example")
        let authorize = try #require(hooks.calls.withLock { $0 }.first { $0.contains("\"\(goodMD5)\"") })
        #expect(
            authorize.hasPrefix("/opt/ncod-slaved authorize \"064f\" \"2af9\" \"Alice Zhang (alice)\" \"10.0.0.21\" \"3-4812731\" \"\(goodMD5)\""))
        #expect(hooks.calls.withLock { $0 }.contains { $0.hasPrefix("/opt/ncod-slaved hook bind \"114\" \"064f\" \"2af9\"") })

        let list = VHClientList(parsing: engine.handle("LIST", from: "bob"))
        #expect(list.device("box1.114")?.holder == .other(client: "Alice Zhang (alice)", ip: "10.0.0.21"))
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).device("box1.114")?.holder == .you)
        #expect(engine.handle("USE,box1.114,s3cret-lease-password", from: "bob") == "FAILED\n", "held by another client")
        #expect(engine.handle("STOP USING,box1.114", from: "bob") == "FAILED\n")
        #expect(engine.handle("STOP USING,box1.114", from: "alice") == "OK\n")
        #expect(hooks.calls.withLock { $0 }.contains { $0.hasPrefix("/opt/ncod-slaved hook unbind \"114\"") })
        #expect(engine.handle("USE,nope.1", from: "alice") == "FAILED\n")
        #expect(engine.handle("FROBNICATE", from: "alice").hasPrefix("ERROR:"))

        let asking = SimEngine(model: model, hooks: RecordingHooks { $0.contains(" authorize ") ? 2 : 0 })
        #expect(asking.handle("USE,box1.114", from: "alice") == "FAILED: password required\n", "exit 2: a password is needed")
        #expect(asking.handle("USE,box1.114,guess", from: "alice") == "FAILED: wrong password\n")
        let username = SimEngine(model: model, hooks: RecordingHooks { $0.contains(" authorize ") ? 3 : 0 })
        #expect(username.handle("USE,box1.114,x", from: "alice") == "FAILED: username required\n")
    }

    @Test("an unlicensed server skips ClientAuthorization, still runs onBind, and shares one device at a time")
    func trialServer() throws {
        var (model, _) = try Self.licensedWorld()
        model.servers[0].licensed = false
        let hooks = RecordingHooks { _ in 0 }
        let engine = SimEngine(model: model, hooks: hooks)
        #expect(engine.handle("USE,box1.114", from: "alice") == "OK\n", "no ClientAuthorization on a trial server")
        #expect(!hooks.calls.withLock { $0 }.contains { $0.contains(" authorize ") })
        #expect(hooks.calls.withLock { $0 }.contains { $0.contains(" hook bind ") })
        #expect(engine.handle("USE,box1.112", from: "bob").contains("purchase a license"))
        #expect(VHServerInfo(parsing: engine.handle("SERVER INFO,Lab", from: "bob"))?.isTrial == true)
    }

    @Test("a dead client's devices are released after the ping timeout; an unplugged device vanishes")
    func deathAndUnplug() throws {
        let (model, _) = try Self.licensedWorld(pingTimeout: 9)
        let clock = Mutex(Self.fixed)
        let hooks = RecordingHooks()
        let engine = SimEngine(model: model, now: { clock.withLock { $0 } }, hooks: hooks)
        #expect(engine.handle("USE,box1.114,x", from: "alice") == "OK\n")
        #expect(engine.handle("SIM KILL,alice", from: "bob") == "OK\n")
        clock.withLock { $0 = Self.fixed.addingTimeInterval(8) }
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.114")?.holder != .free, "still held before the ping timeout")
        clock.withLock { $0 = Self.fixed.addingTimeInterval(9.5) }
        engine.tick()
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.114")?.holder == .free)
        #expect(hooks.calls.withLock { $0 }.contains { $0.contains(" hook unbind ") })

        #expect(engine.handle("USE,box1.112,x", from: "bob") == "OK\n")
        #expect(engine.handle("SIM UNPLUG,box1.112", from: "bob") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.112") == nil)
        #expect(engine.handle("SIM PLUG,box1,1131,1366,0105,SEGGER,J-Link,000260112233", from: "bob") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.1131")?.name == "J-Link")
    }

    @Test("a server that follows a sysfs tree: a de-authorised or removed port vanishes with its binding, and comes back free")
    func followsSysfs() throws {
        var (model, _) = try Self.licensedWorld()
        let sys = FileManager.default.temporaryDirectory.appendingPathComponent("vhsim-sys-\(UUID().uuidString)").path
        for port in ["1-1.4", "1-1.2"] {
            try FileManager.default.createDirectory(atPath: sys + "/bus/usb/devices/" + port, withIntermediateDirectories: true)
            try "1\n".write(toFile: sys + "/bus/usb/devices/\(port)/authorized", atomically: true, encoding: .utf8)
        }
        model.servers[0].sysfsRoot = sys
        model.servers[0].devices[0].devpath = "/sys/bus/usb/devices/1-1.4"
        model.servers[0].devices[1].devpath = "/sys/bus/usb/devices/1-1.2"
        let hooks = RecordingHooks()
        let engine = SimEngine(model: model, hooks: hooks)
        #expect(engine.handle("USE,box1.114,x", from: "alice") == "OK\n")

        // De-authorised: gone from LIST, DEVICE INFO and GET CLIENT STATE, its binding dropped with onUnbind.
        try "0".write(toFile: sys + "/bus/usb/devices/1-1.4/authorized", atomically: true, encoding: .utf8)
        engine.tick()
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).device("box1.114") == nil)
        #expect(engine.handle("DEVICE INFO,box1.114", from: "alice") == "FAILED\n")
        #expect(try VHClientState(parsing: engine.handle("GET CLIENT STATE", from: "alice")).devices.map(\.address) == ["box1.112"])
        #expect(hooks.calls.withLock { $0 }.contains { $0.hasPrefix("/opt/ncod-slaved hook unbind \"114\"") })
        #expect(engine.handle("USE,box1.114,x", from: "bob") == "FAILED\n", "a vanished device cannot be used")

        // Authorised again: back, and free for anyone.
        try "1".write(toFile: sys + "/bus/usb/devices/1-1.4/authorized", atomically: true, encoding: .utf8)
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.114")?.holder == .free)
        #expect(engine.handle("USE,box1.114,y", from: "bob") == "OK\n")

        // A port folder removed (unplugged) vanishes the same way.
        try FileManager.default.removeItem(atPath: sys + "/bus/usb/devices/1-1.2")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.112") == nil)
    }

    @Test("fidelity: the server's IP address, the outside holder in the XML, licence counts that agree, commas in passwords, empty requests")
    func fidelity() throws {
        var (model, _) = try Self.licensedWorld()
        model.servers[0].ip = "192.168.7.20"
        model.servers[0].maxDevices = 4
        model.servers[0].devices[1].heldBy = .init(fullName: "Li Na", user: "lina", ip: "192.168.7.99", hostname: "lina-pc")
        let hooks = RecordingHooks()
        let engine = SimEngine(model: model, hooks: hooks)

        let info = try #require(VHServerInfo(parsing: engine.handle("SERVER INFO,Lab", from: "alice")))
        #expect(info.address == "192.168.7.20 (192.168.7.20)", "ADDRESS carries the IP, as the reference's sample does")
        let state = try VHClientState(parsing: engine.handle("GET CLIENT STATE", from: "alice"))
        #expect(state.servers[0].connection["ip"] == "192.168.7.20" && state.servers[0].connection["host"] == "192.168.7.20")
        #expect(state.servers[0].connection["hostname"] == "box1", "the host name stays the device addresses' first part")
        #expect(state.servers[0].maxDevices == info.maxDevices && info.maxDevices == 4, "license_max_devices agrees with MAX DEVICES")
        let unlimited = SimEngine(model: try Self.licensedWorld().0, hooks: hooks)
        #expect(
            try VHClientState(parsing: unlimited.handle("GET CLIENT STATE", from: "alice")).servers[0].connection["license_max_devices"]
                == unlimited.handle("SERVER INFO,Lab", from: "alice").split(separator: "\n").first { $0.hasPrefix("MAX DEVICES: ") }?
                .dropFirst("MAX DEVICES: ".count).description)

        // A device held outside the simulation keeps its holder in the XML, as LIST shows it.
        let held = try #require(state.devices.first { $0.address == "box1.112" })
        #expect(held.attributes["clientId"] == "Li Na (lina)" && held.attributes["boundClientHostname"] == "lina-pc")
        #expect(held.attributes["boundConnectionIp"] == Data([192, 168, 7, 99]).base64EncodedString())
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).device("box1.112")?.holder == .other(client: "Li Na (lina)", ip: "192.168.7.99"))
        #expect(engine.handle("USE,box1.114,x", from: "bob") == "OK\n")
        let bound = try #require(try VHClientState(parsing: engine.handle("GET CLIENT STATE", from: "alice")).devices.first { $0.address == "box1.114" })
        #expect(bound.attributes["boundConnectionIp"] == Data([10, 0, 0, 22]).base64EncodedString() && bound.attributes["clientId"] == "王磊 (bob)")

        // The password is everything after the address, commas included.
        #expect(engine.handle("STOP USING,box1.114", from: "bob") == "OK\n")
        #expect(engine.handle("USE,box1.114,a,b,c", from: "alice") == "OK\n")
        #expect(hooks.calls.withLock { $0 }.contains { $0.contains(" authorize ") && $0.contains("\"\(SimEngine.md5Hex("a,b,c"))\"") })

        #expect(engine.handle("", from: "alice") == "FAILED\n", "an empty request is answered")
        #expect(engine.handle("  ", from: "alice") == "FAILED\n")
    }

    @Test("settings, auto-use, renames and manual hubs answer like the client")
    func settings() throws {
        let (model, _) = try Self.licensedWorld()
        let engine = SimEngine(model: model, hooks: RecordingHooks())
        #expect(engine.handle("AUTO USE DEVICE,box1.114", from: "alice") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).device("box1.114")?.autoUse == true)
        #expect(engine.handle("USE,box1.114,x", from: "alice") == "OK\n")
        #expect(engine.handle("STOP USING,box1.114", from: "alice") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).device("box1.114")?.autoUse == false, "STOP USING clears auto-use")
        #expect(engine.handle("AUTO USE ALL", from: "alice") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).autoUseAll == true)
        #expect(engine.handle("DEVICE RENAME,box1.114,许可证狗", from: "alice") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "bob")).device("box1.114")?.name == "许可证狗")
        #expect(engine.handle("SERVER RENAME,box1:7575,上海实验室", from: "alice") == "OK\n")
        #expect(VHClientList(parsing: engine.handle("LIST", from: "alice")).hubs.first?.name == "上海实验室")
        #expect(engine.handle("MANUAL HUB ADD,10.0.0.5:7575", from: "alice") == "OK\n")
        #expect(engine.handle("MANUAL HUB LIST", from: "alice") == "10.0.0.5:7575\n")
        #expect(engine.handle("HELP", from: "alice").hasPrefix("VirtualHere Client (v"))
    }
}
