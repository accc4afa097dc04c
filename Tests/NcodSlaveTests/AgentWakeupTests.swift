import Foundation
import NcodSlave
import Testing

/// The agent sleeps until a timer is due or something it watches changes, and no longer polls the bind ledger.
@Suite("Agent wake-ups")
struct AgentWakeupTests {
    @Test("a wait ends at its deadline, at once when something was raised, and early when something is raised meanwhile")
    func waits() async throws {
        let wakeup = AgentWakeup()
        let clock = ContinuousClock()
        let quiet = try await clock.measure { await wakeup.wait(until: .now + .milliseconds(200)) }
        #expect(quiet >= .milliseconds(190))
        #expect(wakeup.take().isEmpty)

        wakeup.raise(.hotplug)
        // Far below the deadline; loose, since CI's two cores run other suites beside this one (2.6 s was seen there once).
        let raised = await clock.measure { await wakeup.wait(until: .now + .seconds(30)) }
        #expect(raised < .seconds(10))
        #expect(wakeup.take() == .hotplug)

        Task {
            try await Task.sleep(for: .milliseconds(100))
            wakeup.raise(.ledger)
        }
        let woken = await clock.measure { await wakeup.wait(until: .now + .seconds(30)) }
        #expect(woken < .seconds(10))
        #expect(wakeup.take() == .ledger)
        #expect(wakeup.take().isEmpty)
    }

    @Test("a cancelled wait ends at once")
    func cancelled() async {
        let wakeup = AgentWakeup()
        let waiting = Task { await wakeup.wait(until: .now + .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(50))
        let clock = ContinuousClock()
        let ended = await clock.measure {
            waiting.cancel()
            await waiting.value
        }
        #expect(ended < .seconds(5))
    }

    @Test("a hook recording or removing a binding wakes the agent through the ledger folder's watch")
    func ledgerWatched() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: state) }
        let ledger = BindLedger(stateDirectory: state)
        let watch = KernelWatch(uevents: nil, ledgerFolder: ledger.folder)
        #expect(watch.watchesLedger)
        #expect(!watch.watchesUEvents)
        let wakeup = AgentWakeup()
        watch.start(raising: wakeup)
        defer { watch.stop() }

        try ledger.admitted("box.114", passwordMD5: String(repeating: "a", count: 32))
        await wakeup.wait(until: .now + .seconds(5))
        #expect(wakeup.take() == .ledger)
        #expect(ledger.entries() == ["box.114": String(repeating: "a", count: 32)])

        ledger.unbound("box.114")
        await wakeup.wait(until: .now + .seconds(5))
        #expect(wakeup.take() == .ledger)
        #expect(ledger.entries().isEmpty)

        // Nothing changes: nothing wakes it.
        try await Task.sleep(for: .milliseconds(100))
        _ = wakeup.take()
        let clock = ContinuousClock()
        let quiet = await clock.measure { await wakeup.wait(until: .now + .milliseconds(300)) }
        #expect(quiet >= .milliseconds(290))
        #expect(wakeup.take().isEmpty)
    }

    @Test("a ledger folder that cannot be watched leaves the agent polling it")
    func unwatchable() {
        let watch = KernelWatch(uevents: nil, ledgerFolder: "/proc/ncod-no-such-folder/vh-binds")
        #expect(!watch.watchesLedger)
    }
}
