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

    @Test("A connects; B's wrong and stale passwords are refused by the hook; A dies and B has the device within 30 s")
    func leaseEnforcedBySlave() async throws {
        let site = try await SimulatedSite.start(
            people: [
                SimulatedSite.Person(username: "alice", name: "Alice Zhang", mac: Self.aliceMAC),
                SimulatedSite.Person(username: "bob", name: "王磊", mac: Self.bobMAC),
            ],
            clients: [
                SimModel.Client(name: "alice", fullName: "Alice Zhang", ip: "10.0.0.21", hostname: "alice-pc"),
                SimModel.Client(name: "bob", fullName: "王磊", ip: "10.0.0.22", hostname: "bob-pc"),
            ],
            masterArguments: ["--lease-ttl", "4"])
        let simulator = site.simulator
        let alice = MasterAPIClient(baseURL: site.server.url, caFile: TestKeys.directory + "/ca.pem")
        let bob = MasterAPIClient(baseURL: site.server.url, caFile: TestKeys.directory + "/ca.pem")
        do {
            let aliceVH = VirtualHereClient(transport: VHFIFOTransport(folder: site.pipes("alice")))
            let bobVH = VirtualHereClient(transport: VHFIFOTransport(folder: site.pipes("bob")))

            // Wait for the inventory and the daemon's lease cache.
            try await alice.login(LoginRequest(username: "alice", password: SimulatedSite.password, client: .terminal, macs: [Self.aliceMAC]))
            try await bob.login(LoginRequest(username: "bob", password: SimulatedSite.password, client: .terminal, macs: [Self.bobMAC]))
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
            #expect(try await VHFIFOTransport(folder: site.pipes("bob")).exchange("SIM KILL,alice", timeout: .seconds(5)) == "OK\n")

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

            await alice.shutdown()
            await bob.shutdown()
            try await site.stop()
        } catch {
            await alice.shutdown()
            await bob.shutdown()
            await site.abort()
            throw error
        }
    }
}
