import Foundation
import NcodClient
import NcodCore
import NcodTerminal

/// Runs ncod-admin: the screen loop on one thread; effects as tasks posting their answers back; a clock ticking every second.
public final class AdminRuntime: @unchecked Sendable {
    let services: any AdminServices
    let loop: ScreenLoop<AdminState, AdminAction>
    private let gate = ReloadGate()
    private var background: [Task<Void, Never>] = []

    /// A runtime drawing on `terminal` and working through `services`.
    public init(terminal: any Terminal, services: any AdminServices) {
        self.services = services
        self.loop = ScreenLoop(terminal: terminal)
    }

    /// Runs until the administrator quits, starting with `effects` (a scripted login); returns the last state.
    /// Call from a thread that may block.
    public func run(_ initial: AdminState, startingWith effects: [AdminEffect] = []) -> AdminState {
        let inbox = loop.inbox
        background.append(inbox.every(.seconds(1)) { .tick(Date()) })
        for effect in effects { perform(effect, initial.language) }
        let last = loop.run(initial, finished: \.finished, render: AdminRenderer.render, key: AdminAction.key) { state, action in
            if case .loaded = action { finishLoading() }
            if case .refused = action {
                // The session is over: no more news, no more clock.
                for task in self.background { task.cancel() }
            }
            for effect in AdminReducer.reduce(&state, action) { perform(effect, state.language) }
        }
        for task in background { task.cancel() }
        return last
    }

    private func perform(_ effect: AdminEffect, _ language: Language) {
        switch effect {
        case .login(let username, let password):
            // Refused at login, the form stays: another username may be tried.
            loop.inbox.answer({ .loggedIn(try await self.services.login(username: username, password: password)) }) {
                .failed(AdminErrors.describe($0, language))
            }
        case .reload:
            guard gate.begin() else { return }
            let inbox = loop.inbox
            Task {
                do {
                    inbox.post(.loaded(try await self.services.snapshot()))
                } catch {
                    if self.gate.finish() { inbox.post(.changed) }
                    inbox.post(Self.refusal(error) ?? .failed(AdminErrors.describe(error, language)))
                }
            }
        case .loadAudit(let query):
            spawn(language) { .auditLoaded(query, try await self.services.audit(query)) }
        case .loadReport(let request):
            spawn(language) { .reportLoaded(request, try await self.services.report(request)) }
        case .followEvents:
            let news = services.news()
            let inbox = loop.inbox
            background.append(Task { for await action in news { inbox.post(action) } })
        case .run(let command):
            spawn(language) { .done(command, try await self.services.run(command)) }
        case .quit:
            break
        }
    }

    private func spawn(_ language: Language, _ body: @escaping @Sendable () async throws -> AdminAction) {
        loop.inbox.answer(body) { Self.refusal($0) ?? .failed(AdminErrors.describe($0, language)) }
    }

    /// A refusal about where the person stands (after login), which ends the session; `nil` for any other failure.
    static func refusal(_ error: any Error) -> AdminAction? {
        guard case APIError.problem(let problem) = error, let refusal = AdminRefusal(code: problem.code, reason: problem.reason) else { return nil }
        return .refused(refusal)
    }

    private func finishLoading() {
        if gate.finish() { loop.inbox.post(.changed) }
    }
}
