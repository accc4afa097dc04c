import AsyncHTTPClient
import Foundation
import NcodClient
import NcodConnect
import NcodCore
import NcodSlave
import NcodTestSupport
import NcodVHSim
import NcodVirtualHere
import Testing
import VaporTesting

/// How a user gets a device, and why nobody else can take it: the real master (PostgreSQL when available), the real slave
/// daemon with its VirtualHere config wired to `ncod-slaved authorize`, and the simulator running that hook on every USE.
@Suite("Connecting through VirtualHere, end to end", .serialized)
struct ConnectEndToEndTests {
    static let aliceMAC = "02:00:00:00:00:a1"
    static let bobMAC = "02:00:00:00:00:b0"
    static let password = "长城 password 1"

    @Test("A connects; B's wrong and stale passwords are refused by the hook; A dies and B has the device within 30 s")
    func leaseEnforcedBySlave() async throws {
        let (databaseURL, drop) = try await TestBackend.preferred.makeEmptyDatabaseURL()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-connect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        #expect(MasterCLI.run(["seed-demo", "--database-url", databaseURL, "--log-level", "warning"]).status == 0)
        #expect(
            MasterCLI.run(
                ["create-admin", "--database-url", databaseURL, "--username", "root", "--log-level", "warning"],
                input: FleetEndToEndTests.adminPassword + "\n"
            ).status == 0)
        let server = try await MasterProcess.start(
            databaseURL: databaseURL, extraArguments: ["--report-interval", "1", "--sweep-interval", "1", "--lease-ttl", "4"])
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
        var processes: [BackgroundProcess] = []
        let alice = MasterAPIClient(baseURL: server.url, caFile: TestKeys.directory + "/ca.pem")
        let bob = MasterAPIClient(baseURL: server.url, caFile: TestKeys.directory + "/ca.pem")
        do {
            // People: two registrations through the API, approved with their computers by an administrator.
            let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
            try await Self.onboard(http, server.url, admin: admin, username: "alice", name: "Alice Zhang", mac: Self.aliceMAC)
            try await Self.onboard(http, server.url, admin: admin, username: "bob", name: "王磊", mac: Self.bobMAC)

            // The slave: enrolled, its VirtualHere config wired to ncod-slaved, reporting a copy of the fake sysfs tree.
            try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/Tests/Fixtures/sysfs", toPath: work + "/sys")
            let slaved = RepositoryPaths.executable("ncod-slaved")
            let environment = ["NCOD_CONFIG": "/dev/null"]
            #expect(
                ProcessRunner.run(
                    slaved,
                    [
                        "enrol", "--master", server.url, "--ca", TestKeys.directory + "/ca.pem", "--secret-file",
                        TestKeys.directory + "/enrolment-secret",
                        "--name", "box1", "--hostname", "box1", "--state-dir", work + "/state",
                    ], environment: environment
                ).status == 0)
            try "License=SIMULATED,1,KEY==\n".write(toFile: work + "/config.ini", atomically: true, encoding: .utf8)
            let configured = ProcessRunner.run(
                slaved,
                [
                    "vh-config", "--vh-config", work + "/config.ini", "--hostname", "box1", "--daemon-path", slaved, "--state-dir", work + "/state",
                    "--force",
                ],
                environment: environment)
            #expect(configured.status == 0, "\(configured.stderr)")
            processes.append(
                try BackgroundProcess(
                    slaved,
                    [
                        "run", "--state-dir", work + "/state", "--sysfs-root", work + "/sys", "--hostname", "box1", "--collectors", "sysfs",
                        "--vh-config", work + "/config.ini", "--log-format", "json",
                    ], environment: environment))

            // The simulated VirtualHere world: server box1 (licensed, that config.ini), one client daemon each for Alice and Bob.
            let devices = try SysfsCollector(root: work + "/sys", advertisedHostname: "box1").collect().map(Self.simulated)
            let model = SimModel(
                servers: [SimModel.Server(name: "box1", hostname: "box1", licensed: true, configPath: work + "/config.ini", devices: devices)],
                clients: [
                    SimModel.Client(name: "alice", fullName: "Alice Zhang", ip: "10.0.0.21", hostname: "alice-pc"),
                    SimModel.Client(name: "bob", fullName: "王磊", ip: "10.0.0.22", hostname: "bob-pc"),
                ],
                pingTimeoutSeconds: 2)
            try JSONEncoder().encode(model).write(to: URL(fileURLWithPath: work + "/model.json"))
            let simulator = try BackgroundProcess(
                RepositoryPaths.executable("ncod-vhsim"), ["daemon", "--model", work + "/model.json", "--fifo-root", work + "/vh"],
                environment: environment)
            processes.append(simulator)
            _ = try await simulator.waitForLine { $0.contains("simulating") }
            let aliceVH = VirtualHereClient(transport: VHFIFOTransport(folder: work + "/vh/alice"))
            let bobVH = VirtualHereClient(transport: VHFIFOTransport(folder: work + "/vh/bob"))

            // Wait for the inventory and the daemon's lease cache.
            try await alice.login(LoginRequest(username: "alice", password: Self.password, client: .terminal, macs: [Self.aliceMAC]))
            try await bob.login(LoginRequest(username: "bob", password: Self.password, client: .terminal, macs: [Self.bobMAC]))
            var dongle: DeviceView?
            for _ in 0..<100 where dongle == nil {
                dongle = try await alice.devices().first { $0.device.vhAddress == "box1.114" && $0.online }
                if dongle == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let target = try #require(dongle, "box1.114 never showed up")

            // Alice connects: lease, USE with the lease's password, the simulated server asks ncod-slaved authorize, which asks the master.
            let aliceConnector = DeviceConnector(api: alice, virtualHere: aliceVH)
            let connection = try await aliceConnector.connect(deviceID: target.id)
            #expect(try await aliceVH.list().device("box1.114")?.holder == .you)
            #expect(try await bobVH.list().device("box1.114")?.holder == .other(client: "Alice Zhang (alice)", ip: "10.0.0.21"))
            let bobSees = try await bob.devices().first { $0.id == target.id }
            #expect(bobSees?.heldBy == "Alice Zhang" && bobSees?.heldByMe == false)
            do {
                _ = try await bob.takeLease(deviceID: target.id)
                Issue.record("Bob took a lease on Alice's device")
            } catch APIError.problem(let problem) {
                #expect(problem.detail == "in use by Alice Zhang")
            }

            // Bob, without a lease, tries a free device with a made-up password: the hook refuses.
            #expect(try await bobVH.send(.use(address: "box1.112", password: "guessed-password")) == .failed(""))
            #expect(try await bobVH.list().device("box1.112")?.holder == .free)

            // Alice's client dies: no more renewals, and VirtualHere loses her after its ping timeout.
            let stalePassword = connection.password
            await aliceConnector.abandonAll()
            let died = ContinuousClock.now
            #expect(try await VHFIFOTransport(folder: work + "/vh/bob").exchange("SIM KILL,alice", timeout: .seconds(5)) == "OK\n")

            // Nobody acts. Once the lease has expired and VirtualHere let go, Alice's old password no longer opens the device.
            var free = false
            while !free, ContinuousClock.now - died < .seconds(30) {
                try await Task.sleep(for: .milliseconds(250))
                let masterFree = try await bob.devices().first { $0.id == target.id }?.heldBy == nil
                let virtualHereFree = try await bobVH.list().device("box1.114")?.holder == .free
                free = masterFree && virtualHereFree
            }
            #expect(free, "the device was not free 30 s after Alice's client died")
            #expect(
                try await bobVH.send(.use(address: "box1.114", password: stalePassword)) != .ok,
                "a stale password from an ended lease must be refused by the hook")

            let bobConnector = DeviceConnector(api: bob, virtualHere: bobVH)
            let bobConnection = try await bobConnector.connect(deviceID: target.id)
            let elapsed = ContinuousClock.now - died
            #expect(elapsed < .seconds(30), "Bob got the device \(elapsed) after Alice's client died")
            #expect(try await bobVH.list().device("box1.114")?.holder == .you)
            print("device free for B \(elapsed) after A's client died")
            let hookLines = simulator.stderrLines.filter { $0.hasPrefix("ncod-slaved authorize") }
            #expect(
                hookLines.contains { $0.hasPrefix("ncod-slaved authorize box1.114 for Alice Zhang (alice) at 10.0.0.21: admitted (lease of alice)") },
                "\(hookLines)")
            #expect(
                hookLines.contains { $0.hasPrefix("ncod-slaved authorize box1.112 for 王磊 (bob) at 10.0.0.22: refused (no lease on box1.112)") },
                "\(hookLines)")
            #expect(
                hookLines.contains {
                    $0.hasPrefix("ncod-slaved authorize box1.114 for 王磊 (bob) at 10.0.0.22: refused") && !$0.contains("lease of bob")
                }, "\(hookLines)")
            #expect(
                hookLines.contains { $0.hasPrefix("ncod-slaved authorize box1.114 for 王磊 (bob) at 10.0.0.22: admitted (lease of bob)") },
                "\(hookLines)")
            try await bobConnector.disconnect(bobConnection)
            #expect(try await bobVH.list().device("box1.114")?.holder == .free)

            for process in processes { process.signal(SIGTERM) }
            for process in processes { _ = try await process.waitForExit() }
            await alice.shutdown()
            await bob.shutdown()
            try await http.shutdown()
        } catch {
            for process in processes { process.signal(SIGKILL) }
            await alice.shutdown()
            await bob.shutdown()
            try? await http.shutdown()
            _ = try? await server.stop()
            try? await drop()
            throw error
        }
        #expect(try await server.stop() == 0)
        try await drop()
    }

    /// The simulator's view of a device the slave reports: same strings and IDs, the address from the port path.
    static func simulated(_ info: USBDeviceInfo) -> SimModel.Device {
        SimModel.Device(
            address: Int(info.portPath.filter(\.isNumber)) ?? 0, vendor: info.manufacturer ?? "", product: info.product ?? "",
            vendorID: info.vendorID,
            productID: info.productID, serial: info.serial, devpath: "/sys/bus/usb/devices/\(info.portPath)")
    }

    /// Registers `username`, lets the administrator approve the account and its first computer.
    static func onboard(_ http: HTTPClient, _ url: String, admin: String, username: String, name: String, mac: String) async throws {
        let tree: [OrgUnitNode] = try await WebBrowserTests.call(http, .GET, url + "/api/v1/org-units")
        let department = try #require(tree.first?.children.first?.children.first)
        let profile: UserProfile = try await WebBrowserTests.call(
            http, .POST, url + "/api/v1/auth/register",
            body: RegisterRequest(
                username: username, displayName: name, password: password, contact: "\(username)@example.com", orgUnitID: department.id))
        let _: UserProfile = try await WebBrowserTests.call(
            http, .POST, url + "/api/v1/admin/users/\(profile.id)/approve", token: admin, body: ReasonRequest(reason: "colleague"))
        do {
            let _: TokenResponse = try await WebBrowserTests.call(
                http, .POST, url + "/api/v1/auth/login", body: LoginRequest(username: username, password: password, client: .terminal, macs: [mac]))
            Issue.record("an unknown computer was let in")
        } catch HarnessError.refused(let status, let body) {
            #expect(status == 403 && body.contains("machine_not_bound"))
        }
        let pending: [BindingView] = try await WebBrowserTests.call(http, .GET, url + "/api/v1/admin/bindings", token: admin)
        let binding = try #require(pending.first { $0.username == username })
        let _: BindingView = try await WebBrowserTests.call(
            http, .POST, url + "/api/v1/admin/bindings/\(binding.id)/approve", token: admin, body: ReasonRequest())
    }

}
