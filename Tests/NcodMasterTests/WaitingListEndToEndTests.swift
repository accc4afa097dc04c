import Foundation
import NcodCLI
import NcodCore
import NcodTestSupport
import NcodVHSim
import NcodVirtualHere
import Testing

/// A waiting list walked end to end on the simulated site: Alice and Carol use the `ncod` command, Bob (王磊) ncod-tui in tmux.
/// Alice holds the FT232R cable, Bob joins its line, Carol is refused and told Bob is first; Alice releases and Bob's screen shows
/// his turn within a second, with the bell; Carol cannot take it during his window; Bob connects. Then the same line again, but
/// Bob lets his window pass and the cable goes to Carol.
@Suite("Waiting lists, end to end", .serialized)
struct WaitingListEndToEndTests {
    static let cable = "box1.114"
    static let people = [
        SimulatedSite.Person(username: "alice", name: "Alice Zhang", mac: "02:00:00:00:00:a1"),
        SimulatedSite.Person(username: "bob", name: "王磊", mac: "02:00:00:00:00:b0"),
        SimulatedSite.Person(username: "carol", name: "Carol Wu", mac: "02:00:00:00:00:c0"),
    ]
    static let clients = [
        SimModel.Client(name: "alice", fullName: "Alice Zhang", ip: "10.0.0.21"), SimModel.Client(name: "bob", fullName: "王磊", ip: "10.0.0.22"),
        SimModel.Client(name: "carol", fullName: "Carol Wu", ip: "10.0.0.23"),
    ]

    /// How long Bob's screen took to show his turn after the release returned.
    static func turnShown(_ tmux: Tmux, after release: () -> ProcessRunner.Result, artifact: String) async throws -> Duration {
        let result = release()
        #expect(result.status == 0, "\(result.stderr)")
        let released = ContinuousClock.now
        try await tmux.wait(for: "Your turn: FT232R USB UART is kept for you until", timeout: .seconds(5), artifact: artifact)
        return ContinuousClock.now - released
    }

    @Test(
        "A holds, B waits in ncod-tui, C is refused; A releases: B's turn within 1 s, C refused in B's window, B connects; then B lets it pass: C's turn",
        .enabled(if: TUIEndToEndTests.tmuxAvailable))
    func line() async throws {
        let site = try await SimulatedSite.start(people: Self.people, clients: Self.clients, masterArguments: ["--hold-window", "10s"])
        let tmux = Tmux(name: "tui-wait", artifacts: TUIEndToEndTests.artifacts)
        do {
            let alice = try CommandLineClientTests.Shell(site, mac: Self.people[0].mac, client: "alice")
            let carol = try CommandLineClientTests.Shell(site, mac: Self.people[2].mac, client: "carol")
            #expect(alice.login("alice").status == 0 && carol.login("carol").status == 0)
            var free = false
            for _ in 0..<50 where !free {
                free = alice.ncod(["devices", Self.cable, "--free"]).stdout.contains(Self.cable)
                if !free { try await Task.sleep(for: .milliseconds(200)) }
            }
            let taken = alice.ncod(["take", Self.cable, "--for", "30m"])
            #expect(taken.status == 0, "\(taken.stderr)")

            // Bob, in ncod-tui: finds the cable, sees it held, joins its line with w.
            try await TUIEndToEndTests.logIn(
                site, tmux, language: "en_US.UTF-8", prompt: "Username", artifact: "w01-login", username: "bob", mac: Self.people[1].mac,
                client: "bob", columns: 80, rows: 24)
            try await tmux.wait(for: "FT232R USB UART", artifact: "w02-devices")
            tmux.type("/")
            tmux.type("FT232R")
            tmux.keys("Enter")
            try await tmux.wait(for: "in use by Alice Zhang", artifact: "w03-held")
            tmux.keys("Enter")
            try await tmux.wait(for: "w waits in line", artifact: "w04-busy-hint")
            tmux.type("w")
            try await tmux.wait(for: "You are #1 in line for FT232R USB UART", artifact: "w05-joined")

            // Carol is refused and told Bob is first.
            let refused = carol.ncod(["take", Self.cable])
            #expect(
                refused.status == CLIExit.busy.rawValue && refused.stderr.contains("in use by Alice Zhang; 1 waiting, 王磊 first"), "\(refused.stderr)")
            let aliceSees = alice.ncod(["devices", Self.cable])
            #expect(aliceSees.stdout.contains("yours") && aliceSees.stdout.contains("1 waiting"), "the holder sees that people wait")

            // Alice releases: Bob's turn within a second, on his screen.
            let first = try await Self.turnShown(tmux, after: { alice.ncod(["release", Self.cable]) }, artifact: "w06-turn")
            print("waiting list: Bob's turn shown \(first) after Alice's release returned")
            #expect(first < .seconds(1), "the turn is shown within 1 s of the release (\(first))")
            let reserved = carol.ncod(["take", Self.cable])
            #expect(reserved.status == CLIExit.busy.rawValue && reserved.stderr.contains("kept for 王磊 until"), "\(reserved.stderr)")
            tmux.keys("Enter")  // the cursor is on the cable: connect
            try await tmux.wait(for: "is connected to this computer", artifact: "w07-connected")
            #expect(try await VirtualHereClient(transport: VHFIFOTransport(folder: site.pipes("bob"))).list().device(Self.cable)?.holder == .you)

            // Round two: Bob gives it back, Alice takes it, Bob and then Carol wait; Bob lets his window pass.
            tmux.type("d")
            try await tmux.wait(for: "was released", artifact: "w08-released")
            var retaken = alice.ncod(["take", Self.cable, "--for", "30m"])
            for _ in 0..<20 where retaken.status != 0 {  // the slave frees the port in VirtualHere a moment after the release
                try await Task.sleep(for: .milliseconds(250))
                retaken = alice.ncod(["take", Self.cable, "--for", "30m"])
            }
            #expect(retaken.status == 0, "\(retaken.stderr)")
            try await tmux.wait(for: "in use by Alice Zhang", artifact: "w09-held-again")
            tmux.type("w")
            try await tmux.wait(for: "You are #1 in line", artifact: "w10-joined-again")
            let carolWaits = try carol.start(["wait", Self.cable, "--timeout", "60s"])
            _ = try await carolWaits.waitForLine { $0.contains("waiting: #2 of 2") }
            let second = try await Self.turnShown(tmux, after: { alice.ncod(["release", Self.cable]) }, artifact: "w11-turn-again")
            print("waiting list: Bob's second turn shown \(second) after the release returned")
            #expect(carol.ncod(["take", Self.cable]).status == CLIExit.busy.rawValue, "Bob's window")
            // Bob does nothing: after the 10-second window the cable is Carol's turn, and Bob's banner goes.
            #expect(try await carolWaits.waitForExit(timeout: .seconds(20)) == 0, "\(carolWaits.stderrLines)")
            try await tmux.wait(until: { !$0.contains("Your turn") }, "the banner gone", timeout: .seconds(5), artifact: "w12-window-passed")
            let carols = carol.ncod(["take", Self.cable])
            #expect(carols.status == 0, "\(carols.stderr)")
            let audit: AuditPage = try await WebBrowserTests.call(
                site.http, .GET, site.server.url + "/api/v1/admin/audit?action=wait.", token: site.admin)
            let actions = Set(audit.events.map(\.action))
            #expect(actions.isSuperset(of: ["wait.joined", "wait.offered", "wait.taken", "wait.lapsed"]), "\(actions)")

            tmux.type("q")
            try await tmux.wait(for: "EXIT=0", artifact: "w13-quit")
            for shell in [alice, carol] { try? FileManager.default.removeItem(atPath: shell.home) }
            tmux.stop()
            try await site.stop()
        } catch {
            tmux.stop()
            await site.abort()
            throw error
        }
    }
}
