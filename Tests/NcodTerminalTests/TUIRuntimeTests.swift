import Foundation
import NcodCore
import NcodTUI
import NcodTerminal
import Synchronization
import Testing

/// The runtime with a headless terminal and fake services: keys in, screens out, effects carried out.
@Suite("ncod-tui runtime")
struct TUIRuntimeTests {
    init() { TextWidth.prepareLocale() }

    final class FakeServices: TUIServices, @unchecked Sendable {
        let held = Mutex<Set<UUID>>([])
        let released = Mutex(false)
        let newsContinuation = Mutex<AsyncStream<TUIAction>.Continuation?>(nil)

        func login(username: String, password: String) async throws -> UserProfile {
            guard password == "right-password-1" else { throw TestRefusal() }
            return TUIFixtures.me
        }
        func standing(username: String) async throws -> Standing {
            Standing(account: .active, computer: .approved, hostname: "pc", fingerprint: "SHA256:x")
        }
        func orgUnits() async throws -> [OrgUnitNode] { [] }
        func register(_ request: RegisterRequest) async throws {}
        func devices() async throws -> [DeviceView] {
            let mine = held.withLock { $0 }
            return TUIFixtures.devices.map { view in
                var copy = view
                if mine.contains(view.id) {
                    copy.heldByMe = true
                    copy.heldBy = "张伟"
                }
                return copy
            }
        }
        func connect(_ deviceID: UUID) async throws { held.withLock { _ = $0.insert(deviceID) } }
        func disconnect(_ deviceID: UUID) async throws { held.withLock { _ = $0.remove(deviceID) } }
        func releaseAll() async {
            try? await Task.sleep(for: .milliseconds(100))
            released.withLock { $0 = true }
        }
        let keptUntil = Mutex<String?>(nil)
        func keepAll(until text: String) async throws -> Date {
            keptUntil.withLock { $0 = text }
            return Date().addingTimeInterval(7200)
        }
        func extend(_ deviceID: UUID) async throws -> Date { Date().addingTimeInterval(3600) }
        func joinWait(_ deviceID: UUID) async throws -> WaitView {
            WaitView(Wait(id: UUID(), userID: UUID(), deviceID: deviceID, match: nil, joinedAt: Date()), place: 1, waiting: 1)
        }
        func leaveWait(_ id: UUID) async throws {}
        func news() -> AsyncStream<TUIAction> {
            let (stream, continuation) = AsyncStream.makeStream(of: TUIAction.self)
            newsContinuation.withLock { $0 = continuation }
            return stream
        }
    }

    struct TestRefusal: Error, CustomStringConvertible {
        var description: String { "wrong password" }
    }

    /// Runs the runtime on its own thread until it finishes.
    static func run(_ runtime: TUIRuntime, _ state: TUIState) async -> TUIState {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: runtime.run(state)) }.start()
        }
    }

    @Test("log in, see the list, connect, hear news, quit releasing what is held")
    func session() async throws {
        let services = FakeServices()
        let terminal = HeadlessTerminal(
            keys: Array("zhang.wei".map { Key.character($0) }) + [.enter] + "right-password-1".map { Key.character($0) } + [.enter])
        let runtime = TUIRuntime(terminal: terminal, services: services)
        let task = Task { await Self.run(runtime, TUIState(language: .english, masterURL: "https://m", macs: ["02:00:00:00:00:a1"])) }

        func waitFor(_ text: String) async throws {
            for _ in 0..<300 where !terminal.text.contains(text) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(terminal.text.contains(text), "screen never showed \(text):\n\(terminal.text)")
        }
        try await waitFor("TIA Portal 许可证")
        #expect(terminal.text.contains("张伟 (zhang.wei)"))

        terminal.pendingKeys += [.end, .enter]
        try await waitFor("TIA Portal 许可证 is connected to this computer.")
        try await waitFor("mine")
        #expect(services.held.withLock { $0 } == [TUIFixtures.id(11)])

        services.newsContinuation.withLock { $0?.yield(.connection(lost: true)) }
        try await waitFor("Connection to the master lost")
        services.newsContinuation.withLock { $0?.yield(.connection(lost: false)) }
        for _ in 0..<300 where terminal.text.contains("Connection to the master lost") { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!terminal.text.contains("Connection to the master lost"))

        terminal.pendingKeys += [.character("q")]
        try await waitFor("(y) release them")
        terminal.pendingKeys += [.character("y")]
        let final = await task.value
        #expect(final.finished)
        #expect(services.released.withLock { $0 }, "quitting with y released the devices before the program ended")
    }
}
