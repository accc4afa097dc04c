import Foundation
import NcodCore
import NcodTerminal

/// The only place ncod-admin's state changes: `reduce(state, action)` returns the I/O to run, never runs it.
public enum AdminReducer {
    /// Applies `action` to `state`; returns the effects for the runtime.
    public static func reduce(_ state: inout AdminState, _ action: AdminAction) -> [AdminEffect] {
        if state.refusal != nil {
            // Nothing that arrives late may bring back what the person may no longer see.
            guard case .key(let key) = action, key == .character("q") || key == .control("c") else { return [] }
            state.finished = true
            return [.quit]
        }
        switch action {
        case .refused(let refusal):
            let kept = state
            state = AdminState(language: kept.language, masterURL: kept.masterURL, timeZone: kept.timeZone, now: kept.now)
            state.profile = kept.profile
            state.refusal = refusal
            return []
        case .key(let key):
            return key == .resize ? [] : handle(key, &state)
        case .loggedIn(let profile):
            state.profile = profile
            state.login.password = ""
            state.status = nil
            return [.reload, .loadAudit(state.auditQuery), .followEvents]
        case .failed(let message):
            state.status = StatusLine(message, isError: true)
            return []
        case .loaded(let snapshot):
            state.data = snapshot
            state.loadedAt = state.now
            state.connectionLost = false
            if let id = state.slaveDetail, !snapshot.slaves.contains(where: { $0.id == id }) { state.slaveDetail = nil }
            return []
        case .auditLoaded(let query, let page):
            // A slow answer to filters since changed must not replace the page asked for last.
            guard query == state.auditQuery else { return [] }
            state.audit = page
            return []
        case .reportLoaded(let request, let report):
            guard request == state.reportRequest else { return [] }  // a slow answer to an older choice
            state.report = report
            return []
        case .done(let command, let outcome):
            state.status = StatusLine(command.result(state).text(in: state.language))
            switch outcome {
            case .done: break
            case .token(let issued):
                let expires = AdminFormat.time(issued.expiresAt, state.timeZone)
                state.modal = .notice(
                    title: AdminText.tokenTitle.text(in: state.language),
                    lines: [AdminText.tokenHint.text(in: state.language), "", issued.command, ""]
                        + (issued.nextSteps.isEmpty ? [] : [AdminText.tokenNext.text(in: state.language)] + issued.nextSteps + [""])
                        + [AdminText.tokenExpires(expires).text(in: state.language)])
            case .temporaryPassword(let password):
                state.modal = .notice(
                    title: AdminText.passwordTitle.text(in: state.language),
                    lines: [AdminText.passwordHint.text(in: state.language), "", password])
            }
            return [.reload, .loadAudit(state.auditQuery)]
        case .connection(let lost):
            state.connectionLost = lost
            return lost || state.profile == nil ? [] : [.reload, .loadAudit(state.auditQuery)]
        case .changed:
            guard state.profile != nil else { return [] }
            // New audit rows would shift a later page under the reader's eyes: only the first page follows the news.
            return state.tab == .audit && state.auditQuery.offset == 0 ? [.reload, .loadAudit(state.auditQuery)] : [.reload]
        case .tick(let now):
            state.now = now
            // The slaves' ages come from their heartbeats, which send no event: where they show, ask again every few seconds.
            guard state.profile != nil, !state.connectionLost, state.tab == .dashboard || state.tab == .slaves,
                let loaded = state.loadedAt, now.timeIntervalSince(loaded) >= AdminState.freshness
            else { return [] }
            return [.reload]
        }
    }

    // MARK: Keys

    private static func handle(_ key: Key, _ state: inout AdminState) -> [AdminEffect] {
        if state.modal != nil { return modalKey(key, &state) }
        if state.showingHelp {
            state.showingHelp = false
            return []
        }
        guard state.profile != nil else { return loginKey(key, &state) }
        if state.searching { return searchKey(key, &state) }
        guard let command = AdminKeymaps.current(state).action(for: key) else { return [] }
        switch command {
        case .up: move(&state, by: -1)
        case .down: move(&state, by: 1)
        case .pageUp: move(&state, by: -10)
        case .pageDown: move(&state, by: 10)
        case .top: move(&state, by: -Int(Int32.max))
        case .bottom: move(&state, by: Int(Int32.max))
        case .nextTab: return show(AdminState.Tab(rawValue: (state.tab.rawValue + 1) % AdminState.Tab.allCases.count)!, &state)
        case .previousTab:
            let count = AdminState.Tab.allCases.count
            return show(AdminState.Tab(rawValue: (state.tab.rawValue + count - 1) % count)!, &state)
        case .tab(let tab): return show(tab, &state)
        case .refresh: return [.reload, .loadAudit(state.auditQuery)] + (state.tab == .reports ? ReportsSection.load(&state) : [])
        case .help: state.showingHelp = true
        case .quit:
            state.finished = true
            return [.quit]
        default: return act(command, &state)
        }
        return []
    }

    private static func loginKey(_ key: Key, _ state: inout AdminState) -> [AdminEffect] {
        switch state.login.handle(key) {
        case .edited, .ignored: return []
        case .submit:
            state.status = StatusLine(TerminalText.loggingIn.text(in: state.language), isProgress: true)
            return [.login(username: state.login.username, password: state.login.password)]
        case .cancel:
            state.finished = true
            return [.quit]
        }
    }

    private static func searchKey(_ key: Key, _ state: inout AdminState) -> [AdminEffect] {
        if !SearchField.edit(key, text: &state.search, active: &state.searching) {
            if key == .up { move(&state, by: -1) }
            if key == .down { move(&state, by: 1) }
        }
        state.select(.users, index: state.selected(.users))
        return []
    }

    private static func show(_ tab: AdminState.Tab, _ state: inout AdminState) -> [AdminEffect] {
        state.tab = tab
        if tab == .reports { return ReportsSection.load(&state) }
        return tab == .audit ? [.loadAudit(state.auditQuery)] : []
    }

    private static func move(_ state: inout AdminState, by delta: Int) {
        guard let list = state.activeList else { return }
        let count = state.count(list)
        guard count > 0 else { return }
        let current = state.selected(list)
        state.select(list, index: current.addingReportingOverflow(delta).partialValue)
    }

    /// A key of the section up: its section says what it does.
    private static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        AdminSections.section(state.tab).act(command, &state)
    }

    // MARK: Questions

    private static func modalKey(_ key: Key, _ state: inout AdminState) -> [AdminEffect] {
        guard let modal = state.modal else { return [] }
        switch modal {
        case .notice:
            state.modal = nil
        case .confirm(let intent, _, _):
            switch key {
            case .character("y"), .character("Y"):
                state.modal = nil
                return submit(intent, answer: "", &state)
            case .character("n"), .character("N"), .escape:
                state.modal = nil
            default: break
            }
        case .choice(let intent, let title, let options, let index):
            switch key {
            case .up: state.modal = .choice(intent: intent, title: title, options: options, index: max(0, index - 1))
            case .down: state.modal = .choice(intent: intent, title: title, options: options, index: min(options.count - 1, index + 1))
            case .escape: state.modal = nil
            case .enter:
                state.modal = nil
                return submit(intent, answer: options[index].value, &state)
            default: break
            }
        case .input(let intent, let title, let lines, var text, let required):
            switch key {
            case .escape:
                state.modal = nil
                return []
            case .enter:
                let answer = text.trimmingCharacters(in: .whitespaces)
                if required && answer.isEmpty {
                    state.status = StatusLine(AdminText.answerRequired.text(in: state.language), isError: true)
                    return []
                }
                state.modal = nil
                return submit(intent, answer: answer, &state)
            case .backspace: _ = text.popLast()
            case .character(let character): text.append(character)
            default: break
            }
            state.modal = .input(intent: intent, title: title, lines: lines, text: text, required: required)
        }
        return []
    }

    /// The question's answer, as its intent says.
    private static func submit(_ intent: AdminIntent, answer: String, _ state: inout AdminState) -> [AdminEffect] {
        intent.answer(answer, &state)
    }
}
