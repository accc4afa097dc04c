import AsyncHTTPClient
import Foundation
import NcodCore
import NcodSlave
import NcodTestSupport
import NcodVHSim
import Testing
import VaporTesting

/// A whole site for the end-to-end tests: the real master (PostgreSQL when available) with demo data and an administrator,
/// people registered and approved with their computers through the API, slave `box1` enrolled and running on a copy of the
/// fake sysfs tree with its VirtualHere config wired to `ncod-slaved authorize`, and the simulator serving the given clients.
final class SimulatedSite {
    /// Someone to register, approve and bind.
    struct Person {
        var username: String
        var name: String
        var mac: String
    }

    let server: MasterProcess
    let http: HTTPClient
    /// An administrator's access token.
    let admin: String
    /// The site's scratch folder (sys/, state/, config.ini, vh/<client>/).
    let work: String
    /// The simulator process.
    let simulator: BackgroundProcess
    /// Slave `box1`'s daemon.
    let slave: BackgroundProcess
    private let processes: [BackgroundProcess]
    private let drop: @Sendable () async throws -> Void

    /// The password every onboarded person has.
    static let password = "长城 password 1"

    private init(
        server: MasterProcess, http: HTTPClient, admin: String, work: String, simulator: BackgroundProcess, slave: BackgroundProcess,
        processes: [BackgroundProcess], drop: @escaping @Sendable () async throws -> Void
    ) {
        self.server = server
        self.http = http
        self.admin = admin
        self.work = work
        self.simulator = simulator
        self.slave = slave
        self.processes = processes
        self.drop = drop
    }

    /// Brings the site up; `masterArguments` add to the 1-second report and sweep intervals; `licensed: false` simulates a
    /// VirtualHere server without a licence (no ClientAuthorization, one device in use at a time).
    static func start(
        people: [Person], clients: [SimModel.Client], masterArguments: [String] = [], licensed: Bool = true
    ) async throws -> SimulatedSite {
        await HeavyTests.gate.enter()  // released by stop() or abort(), or below when the site cannot start
        do {
            return try await build(people: people, clients: clients, masterArguments: masterArguments, licensed: licensed)
        } catch {
            await HeavyTests.gate.leave()
            throw error
        }
    }

    /// A new database on the preferred backend with the demo data and the administrator `root`.
    static func seededDatabase() async throws -> (url: String, drop: @Sendable () async throws -> Void) {
        let (databaseURL, drop) = try await TestBackend.preferred.makeEmptyDatabaseURL()
        #expect(MasterCLI.run(["seed-demo", "--database-url", databaseURL, "--log-level", "warning"]).status == 0)
        #expect(
            MasterCLI.run(
                ["create-admin", "--database-url", databaseURL, "--username", "root", "--log-level", "warning"],
                input: FleetEndToEndTests.adminPassword + "\n"
            ).status == 0)
        return (databaseURL, drop)
    }

    private static func build(
        people: [Person], clients: [SimModel.Client], masterArguments: [String], licensed: Bool
    ) async throws -> SimulatedSite {
        let (databaseURL, drop) = try await seededDatabase()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-site-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let server = try await MasterProcess.start(
            databaseURL: databaseURL, extraArguments: ["--report-interval", "1", "--sweep-interval", "1"] + masterArguments)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
        var processes: [BackgroundProcess] = []
        do {
            let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
            for person in people { try await onboard(http, server.url, admin: admin, person) }

            try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/Tests/Fixtures/sysfs", toPath: work + "/sys")
            let slaved = RepositoryPaths.executable("ncod-slaved")
            let environment = ["NCOD_CONFIG": "/dev/null"]
            let enrolled = ProcessRunner.run(
                slaved,
                [
                    "enrol", "--master", server.url, "--ca", TestKeys.directory + "/ca.pem", "--secret-file",
                    TestKeys.directory + "/enrolment-secret",
                    "--name", "box1", "--hostname", "box1", "--state-dir", work + "/state",
                ], environment: environment)
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            try "License=SIMULATED,1,KEY==\n".write(toFile: work + "/config.ini", atomically: true, encoding: .utf8)
            let configured = ProcessRunner.run(
                slaved,
                [
                    "vh-config", "--vh-config", work + "/config.ini", "--hostname", "box1", "--daemon-path", slaved, "--state-dir", work + "/state",
                    "--force",
                ],
                environment: environment)
            #expect(configured.status == 0, "\(configured.stderr)")
            let slave = try BackgroundProcess(
                slaved,
                [
                    "run", "--state-dir", work + "/state", "--sysfs-root", work + "/sys", "--hostname", "box1", "--collectors", "sysfs",
                    "--vh-config", work + "/config.ini",
                ], environment: environment)
            processes.append(slave)

            let devices = try SysfsCollector(root: work + "/sys", advertisedHostname: "box1").collect().map(simulated)
            let model = SimModel(
                servers: [
                    SimModel.Server(
                        name: "box1", hostname: "box1", ip: "127.0.0.1", licensed: licensed, configPath: work + "/config.ini", sysfsRoot: work + "/sys",
                        devices: devices)
                ],
                clients: clients, pingTimeoutSeconds: 2)
            try JSONEncoder().encode(model).write(to: URL(fileURLWithPath: work + "/model.json"))
            let simulator = try BackgroundProcess(
                RepositoryPaths.executable("ncod-vhsim"), ["daemon", "--model", work + "/model.json", "--fifo-root", work + "/vh"],
                environment: environment)
            processes.append(simulator)
            _ = try await simulator.waitForLine { $0.contains("simulating") }
            return SimulatedSite(
                server: server, http: http, admin: admin, work: work, simulator: simulator, slave: slave, processes: processes, drop: drop)
        } catch {
            for process in processes { process.signal(SIGKILL) }
            try? await http.shutdown()
            _ = try? await server.stop()
            try? await drop()
            try? FileManager.default.removeItem(atPath: work)
            throw error
        }
    }

    /// The inventory as `token`'s holder sees it, once box1's first report has made a device free (up to 5 s).
    func inventoryWithAFreeDevice(token: String) async throws -> [DeviceView] {
        var devices: [DeviceView] = []
        for _ in 0..<50 where !devices.contains(where: \.isFree) {
            devices = try await WebBrowserTests.call(http, .GET, server.url + "/api/v1/devices", token: token)
            if !devices.contains(where: \.isFree) { try await Task.sleep(for: .milliseconds(100)) }
        }
        return devices
    }

    /// The folder of a simulated client's pipes.
    func pipes(_ client: String) -> String { work + "/vh/" + client }

    /// Stops everything; the master must exit cleanly.
    func stop() async throws {
        for process in processes { process.signal(SIGTERM) }
        for process in processes { _ = try await process.waitForExit() }
        try await http.shutdown()
        #expect(try await server.stop() == 0)
        try await drop()
        try? FileManager.default.removeItem(atPath: work)
        await HeavyTests.gate.leave()
    }

    /// Stops everything after a failure, without checking anything.
    func abort() async {
        for process in processes { process.signal(SIGKILL) }
        try? await http.shutdown()
        _ = try? await server.stop()
        try? await drop()
        try? FileManager.default.removeItem(atPath: work)
        await HeavyTests.gate.leave()
    }

    /// Registers `person`, has the administrator approve the account and, after the refused first login, its computer.
    static func onboard(_ http: HTTPClient, _ url: String, admin: String, _ person: Person) async throws {
        let tree: [OrgUnitNode] = try await WebBrowserTests.call(http, .GET, url + "/api/v1/org-units")
        let department = try #require(tree.first?.children.first?.children.first)
        let profile: UserProfile = try await WebBrowserTests.call(
            http, .POST, url + "/api/v1/auth/register",
            body: RegisterRequest(
                username: person.username, displayName: person.name, password: password, contact: "\(person.username)@example.com",
                orgUnitID: department.id))
        let _: UserProfile = try await WebBrowserTests.call(
            http, .POST, url + "/api/v1/admin/users/\(profile.id)/approve", token: admin, body: ReasonRequest(reason: "colleague"))
        do {
            let _: TokenResponse = try await WebBrowserTests.call(
                http, .POST, url + "/api/v1/auth/login",
                body: LoginRequest(username: person.username, password: password, client: .terminal, macs: [person.mac]))
            Issue.record("an unknown computer was let in")
        } catch HarnessError.refused(let status, let body) {
            #expect(status == 403 && body.contains("machine_not_bound"))
        }
        let pending: [BindingView] = try await WebBrowserTests.call(http, .GET, url + "/api/v1/admin/bindings", token: admin)
        let binding = try #require(pending.first { $0.username == person.username })
        let _: BindingView = try await WebBrowserTests.call(
            http, .POST, url + "/api/v1/admin/bindings/\(binding.id)/approve", token: admin, body: ReasonRequest())
    }

    /// The simulator's view of a device the slave reports: same strings and IDs, the address from the port path.
    static func simulated(_ info: USBDeviceInfo) -> SimModel.Device {
        SimModel.Device(
            address: Int(info.portPath.filter(\.isNumber)) ?? 0, vendor: info.manufacturer ?? "", product: info.product ?? "",
            vendorID: info.vendorID,
            productID: info.productID, serial: info.serial, devpath: "/sys/bus/usb/devices/\(info.portPath)")
    }
}
