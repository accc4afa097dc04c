import Foundation
import NcodClient
import NcodCore
import NcodTerminal

/// Runs ncod-tui: one thread owns the terminal (draw, read a key, apply actions); effects run as tasks and post
/// their answers back. Nothing blocks the screen while the master or VirtualHere is slow.
public final class TUIRuntime: @unchecked Sendable {
    let terminal: any Terminal
    let services: any TUIServices
    let loop: ScreenLoop<TUIState, TUIAction>
    var inbox: Inbox<TUIAction> { loop.inbox }
    private let work = DispatchGroup()
    private let gate = ReloadGate()
    private var newsTask: Task<Void, Never>?
    private var clockTask: Task<Void, Never>?
    private var standingTask: Task<Void, Never>?

    /// A runtime drawing on `terminal` and working through `services`.
    public init(terminal: any Terminal, services: any TUIServices) {
        self.terminal = terminal
        self.services = services
        self.loop = ScreenLoop(terminal: terminal)
    }

    /// Runs until the user quits, starting with `effects` (a scripted login); returns the last state. Call from a thread that may block.
    public func run(_ initial: TUIState, startingWith effects: [TUIEffect] = []) -> TUIState {
        for effect in effects { perform(effect, initial) }
        let last = loop.run(initial, finished: \.finished, render: TUIRenderer.render, key: TUIAction.key) { state, action in
            if case .devicesLoaded = action { finishLoading() }
            for effect in TUIReducer.reduce(&state, action) { perform(effect, state) }
        }
        work.wait()  // a release on quit finishes before the program ends
        newsTask?.cancel()
        clockTask?.cancel()
        standingTask?.cancel()
        return last
    }

    private func perform(_ effect: TUIEffect, _ state: TUIState) {
        let language = state.language
        switch effect {
        case .login(let username, let password):
            spawn {
                .loggedIn(try await self.services.login(username: username, password: password))
            } failure: { error in
                Self.standingRefusal(error) ?? self.failure(error, language)
            }
        case .watchStanding(let username):
            // Asks at once, then every 2 s: the screen moves on within seconds of the approval.
            standingTask?.cancel()
            standingTask = Task {
                while !Task.isCancelled {
                    do {
                        let standing = try await self.services.standing(username: username)
                        self.inbox.post(.connection(lost: false))
                        self.inbox.post(.stood(standing, at: Date()))
                    } catch APIError.unreachable {
                        self.inbox.post(.connection(lost: true))
                    } catch {
                        if !Task.isCancelled { self.inbox.post(self.failure(error, language)) }
                    }
                    try? await Task.sleep(for: .seconds(2))
                }
            }
        case .stopWatching:
            standingTask?.cancel()
            standingTask = nil
        case .loadOrgUnits:
            spawn {
                .orgUnitsLoaded(try await self.services.orgUnits())
            } failure: {
                self.failure($0, language)
            }
        case .register(let request):
            spawn {
                try await self.services.register(request)
                return .registered
            } failure: {
                self.failure($0, language)
            }
        case .loadDevices:
            guard beginLoading() else { return }
            spawn {
                .devicesLoaded(try await self.services.devices())
            } failure: { error in
                self.finishLoading()
                // Disabled or this computer revoked while the list is open is not a lost connection: say why.
                return Self.standingRefusal(error) ?? .connection(lost: true)
            }
        case .followEvents:
            guard newsTask == nil else { return }
            let news = services.news()
            newsTask = Task { for await action in news { self.inbox.post(action) } }
            inbox.post(.tick(Date()))
            clockTask = inbox.every(.seconds(10)) { .tick(Date()) }
        case .connect(let id):
            spawn {
                try await self.services.connect(id)
                return .connected(deviceID: id)
            } failure: {
                self.failure($0, language)
            }
        case .disconnect(let id):
            spawn {
                try await self.services.disconnect(id)
                return .disconnected(deviceID: id)
            } failure: {
                self.failure($0, language)
            }
        case .keepAllAndQuit(let text):
            spawn {
                .kept(until: try await self.services.keepAll(until: text))
            } failure: {
                self.failure($0, language)
            }
        case .extend(let id):
            spawn {
                .extended(deviceID: id, until: try await self.services.extend(id))
            } failure: {
                self.failure($0, language)
            }
        case .joinWait(let id):
            spawn {
                .waitJoined(deviceID: id, place: try await self.services.joinWait(id).place)
            } failure: {
                self.failure($0, language)
            }
        case .leaveWait(let waitID, let id):
            spawn {
                try await self.services.leaveWait(waitID)
                return .waitLeft(deviceID: id)
            } failure: {
                self.failure($0, language)
            }
        case .bell:
            terminal.bell()
        case .releaseAllAndQuit:
            work.enter()
            Task {
                await self.services.releaseAll()
                self.work.leave()
            }
        case .quit:
            break
        }
    }

    /// A refusal about where the person or this computer stands, which gets its own screen; `nil` for any other failure.
    static func standingRefusal(_ error: any Error) -> TUIAction? {
        guard case APIError.problem(let problem) = error, StandingKind.from(code: problem.code, reason: nil) != nil else { return nil }
        return .loginRefused(code: problem.code, reason: problem.reason)
    }

    private func failure(_ error: any Error, _ language: Language) -> TUIAction {
        let (message, fields) = TUIErrors.describe(error, language)
        return .failed(message, fields: fields)
    }

    private func spawn(_ body: @escaping @Sendable () async throws -> TUIAction, failure: @escaping @Sendable (any Error) -> TUIAction) {
        inbox.answer(body, failure: failure)
    }

    private func beginLoading() -> Bool { gate.begin() }

    private func finishLoading() {
        if gate.finish() { inbox.post(.changed) }
    }
}
