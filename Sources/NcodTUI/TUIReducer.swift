import Foundation
import NcodCore
import NcodTerminal

/// The only place ncod-tui's state changes: `reduce(state, action)` returns the I/O to run, never runs it.
public enum TUIReducer {
    /// Applies `action` to `state`; returns the effects for the runtime.
    public static func reduce(_ state: inout TUIState, _ action: TUIAction) -> [TUIEffect] {
        let language = state.language
        switch action {
        case .key(let key):
            return key == .resize ? [] : handle(key, &state)
        case .loggedIn(let profile):
            state.profile = profile
            state.login.password = ""
            state.status = nil
            if profile.status == .active {
                state.screen = .devices
                return [.loadDevices, .followEvents]
            }
            state.screen = .standing(.accountWaiting)
            return [.watchStanding(username: state.login.username)]
        case .loginRefused(let code, let reason):
            guard let kind = StandingKind.from(code: code, reason: reason) else { return [] }
            return stand(kind, &state)
        case .stood(let standing, let at):
            guard case .standing = state.screen else { return [] }
            state.checkedAt = at
            guard let kind = StandingKind.from(standing) else {
                // Approved: log in with what was typed, and move on to the devices.
                guard !state.login.password.isEmpty else {
                    state.screen = .login
                    state.status = .init(TUIText.approvedLogIn.text(in: language))
                    return [.stopWatching]
                }
                state.status = .init(TUIText.approvedLoggingIn.text(in: language), isProgress: true)
                return [.stopWatching, .login(username: state.login.username, password: state.login.password)]
            }
            if state.status?.isProgress == true { state.status = nil }
            return state.screen == .standing(kind) ? [] : stand(kind, &state)
        case .failed(let message, let fields):
            state.status = .init(message, isError: true)
            state.register.errors = fields
            return []
        case .orgUnitsLoaded(let forest):
            state.register.departments = forest.flatMap { organisation in
                organisation.children.flatMap { company in
                    company.children.map { RegisterForm.Department(id: $0.id, path: "\(organisation.name) / \(company.name) / \($0.name)") }
                }
            }
            return []
        case .registered:
            // The request carries this computer: wait here for the one approval, then log in with what was typed.
            state.login.username = state.register.username
            state.login.password = state.register.password
            state.register = RegisterForm()
            return stand(.accountWaiting, &state)
        case .devicesLoaded(let devices):
            state.devices = devices
            if state.connectionLost { state.connectionLost = false }
            // The turn is over once the device is ours, or no longer kept for us (the window passed, we left the line).
            if let turn = state.turn, devices.first(where: { $0.id == turn.deviceID })?.reservedForMe != true { state.turn = nil }
            keepSelectionVisible(&state)
            return []
        case .connected(let id):
            state.status = .init(TUIText.connected(deviceName(id, state)).text(in: language))
            if state.turn?.deviceID == id { state.turn = nil }
            // Ours from now, not from when the reload lands: q a moment later asks about it.
            if let index = state.devices.firstIndex(where: { $0.id == id }) {
                state.devices[index].heldByMe = true
                state.devices[index].heldBy = state.profile?.displayName ?? state.devices[index].heldBy ?? ""
                state.devices[index].heldSince = state.now
            }
            return [.loadDevices]
        case .disconnected(let id):
            state.status = .init(TUIText.disconnected(deviceName(id, state)).text(in: language))
            // The master confirmed the release: stop counting it as ours now, not when the reload lands, so a quick q does not ask.
            letGo(id, &state)
            return [.loadDevices]
        case .leaseLost(let id, let reason, let why):
            let words = TUIText.endReason(reason, why: why)?.text(in: language) ?? reason
            state.status = .init(TUIText.lost(deviceName(id, state), words).text(in: language), isError: true)
            letGo(id, &state)
            return [.loadDevices]
        case .connection(let lost):
            let was = state.connectionLost
            state.connectionLost = lost
            // Back after a loss: the device screens reload; the others have nothing to reload (and no token to do it with).
            switch state.screen {
            case .devices, .details: return lost || !was ? [] : [.loadDevices]
            case .login, .register, .standing: return []
            }
        case .changed:
            switch state.screen {
            case .devices, .details: return [.loadDevices]
            case .login, .register, .standing: return []
            }
        case .tick(let now):
            state.now = now
            if let turn = state.turn, turn.until <= now { state.turn = nil }
            // Two minutes before a bounded lease of ours ends, say so once and offer the extension.
            for view in state.devices where view.heldByMe && !state.warnedEnds.contains(view.id) {
                guard let end = view.heldUntil, end > now, end.timeIntervalSince(now) <= 120 else { continue }
                state.warnedEnds.insert(view.id)
                state.status = .init(
                    TUIText.endsSoon(DeviceFilter.name(view), TUIText.clock(end, state.timeZone, now: now)).text(in: language), isError: true)
            }
            return []
        case .kept:
            state.keepUntil = nil
            state.finished = true
            return [.quit]
        case .turn(let id, let until):
            // Shown on whatever screen is up, with the bell; on the list, the cursor goes to it so that Enter connects it.
            state.turn = TUIState.Turn(deviceID: id, until: until)
            if state.screen == .devices, state.visibleDevices.contains(where: { $0.id == id }) { state.selectedID = id }
            return [.bell, .loadDevices]
        case .waitJoined(let id, let place):
            state.status = .init(
                place == 0
                    ? TUIText.turn(deviceName(id, state), "…").text(in: language)
                    : TUIText.joined(deviceName(id, state), place: place).text(in: language))
            return [.loadDevices]
        case .waitLeft(let id):
            state.status = .init(TUIText.left(deviceName(id, state)).text(in: language))
            if state.turn?.deviceID == id { state.turn = nil }
            return [.loadDevices]
        case .extended(let id, let until):
            if let index = state.devices.firstIndex(where: { $0.id == id }) { state.devices[index].heldUntil = until }
            state.warnedEnds.remove(id)  // the new end is announced in its turn
            state.status = .init(TUIText.extended(deviceName(id, state), TUIText.clock(until, state.timeZone, now: state.now)).text(in: language))
            return [.loadDevices]
        }
    }

    private static func handle(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        if state.keepUntil != nil { return keepKey(key, &state) }
        if state.askingToQuit {
            switch key {
            case .character("y"), .character("Y"), .enter:
                state.askingToQuit = false
                state.finished = true
                return [.releaseAllAndQuit]
            case .character("n"), .character("N"):
                // Keeping is a timed hold: ask until when, so that nobody's dongle is held by a closed terminal for ever.
                state.askingToQuit = false
                state.keepUntil = "2h"
                state.status = nil
                return []
            case .escape:
                state.askingToQuit = false
                return []
            default:
                return []
            }
        }
        if state.showingHelp {
            state.showingHelp = false
            return []
        }
        switch state.screen {
        case .login: return loginKey(key, &state)
        case .register: return registerKey(key, &state)
        case .standing: return standingKey(key, &state)
        case .devices: return state.searching ? searchKey(key, &state) : listKey(key, &state)
        case .details(let id): return detailsKey(key, id, &state)
        }
    }

    /// Shows where the person stands; a waiting screen asks the master by itself, a refused one stops asking and forgets the password.
    private static func stand(_ kind: StandingKind, _ state: inout TUIState) -> [TUIEffect] {
        state.screen = .standing(kind)
        state.status = nil
        guard kind.waits else {
            state.login.password = ""
            return [.stopWatching]
        }
        return [.watchStanding(username: state.login.username)]
    }

    private static func standingKey(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        guard case .standing(let kind) = state.screen, let command = TUIKeymaps.standing(kind).action(for: key) else { return [] }
        switch command {
        case .check:
            guard kind.waits else { return [] }
            state.status = .init(TUIText.checking.text(in: state.language), isProgress: true)
            return [.watchStanding(username: state.login.username)]
        case .back:
            state.screen = .login
            state.login.password = ""
            state.status = nil
            return [.stopWatching]
        case .help:
            state.showingHelp = true
            return []
        case .quit:
            state.finished = true
            return [.stopWatching, .quit]
        }
    }

    /// Typing the end of a timed hold on quit: Enter keeps the devices until then and quits, Esc goes back to the list.
    private static func keepKey(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        var text = state.keepUntil ?? ""
        switch key {
        case .escape:
            state.keepUntil = nil
            state.status = nil
            return []
        case .enter:
            guard DurationText.end(text, from: state.now, timeZone: state.timeZone) != nil else {
                state.status = .init(TUIText.badEnd(text).text(in: state.language), isError: true)
                return []
            }
            state.status = .init(TUIText.keeping(text).text(in: state.language), isProgress: true)
            return [.keepAllAndQuit(text)]
        case .backspace:
            _ = text.popLast()
        case .character(let character) where text.count < 16:
            text.append(character)
        default:
            return []
        }
        state.keepUntil = text
        return []
    }

    private static func loginKey(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        switch state.login.handle(key) {
        case .edited: return []
        case .submit:
            state.status = .init(TerminalText.loggingIn.text(in: state.language), isProgress: true)
            return [.login(username: state.login.username, password: state.login.password)]
        case .cancel:
            state.finished = true
            return [.quit]
        case .ignored:
            guard key == .function(2) else { return [] }
            state.screen = .register
            state.register = RegisterForm()
            state.status = nil
            return [.loadOrgUnits]
        }
    }

    private static func registerKey(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        var form = state.register
        defer { state.register = form }
        switch key {
        case .tab, .down:
            form.field = RegisterForm.Field(rawValue: (form.field.rawValue + 1) % RegisterForm.Field.allCases.count) ?? .username
        case .backTab, .up:
            form.field =
                RegisterForm.Field(rawValue: (form.field.rawValue + RegisterForm.Field.allCases.count - 1) % RegisterForm.Field.allCases.count)
                ?? .username
        case .left where form.field == .department:
            form.departmentIndex = max(0, form.departmentIndex - 1)
        case .right where form.field == .department:
            form.departmentIndex = min(max(0, form.departments.count - 1), form.departmentIndex + 1)
        case .escape:
            state.screen = .login
            state.status = nil
        case .enter:
            guard form.departments.indices.contains(form.departmentIndex) else { return [] }
            form.errors = [:]
            return [
                .register(
                    RegisterRequest(
                        username: form.username, displayName: form.displayName, password: form.password, contact: form.contact,
                        orgUnitID: form.departments[form.departmentIndex].id))
            ]
        case .backspace:
            edit(&form) { _ = $0.popLast() }
        case .character(let character):
            edit(&form) { $0.append(character) }
        default:
            break
        }
        return []
    }

    private static func edit(_ form: inout RegisterForm, _ change: (inout String) -> Void) {
        switch form.field {
        case .username: change(&form.username)
        case .displayName: change(&form.displayName)
        case .password: change(&form.password)
        case .contact: change(&form.contact)
        case .department: break
        }
    }

    private static func searchKey(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        if !SearchField.edit(key, text: &state.search, active: &state.searching), key == .up || key == .down { return listKey(key, &state) }
        keepSelectionVisible(&state)
        return []
    }

    private static func listKey(_ key: Key, _ state: inout TUIState) -> [TUIEffect] {
        guard let command = TUIKeymaps.devices.action(for: key) else { return [] }
        let visible = state.visibleDevices
        let index = visible.firstIndex { $0.id == state.selectedID } ?? 0
        func select(_ position: Int) {
            guard !visible.isEmpty else { return }
            state.selectedID = visible[max(0, min(visible.count - 1, position))].id
        }
        switch command {
        case .up: select(index - 1)
        case .down: select(index + 1)
        case .pageUp: select(index - 10)
        case .pageDown: select(index + 10)
        case .top: select(0)
        case .bottom: select(visible.count - 1)
        case .search: state.searching = true
        case .toggleFree: state.freeOnly.toggle()
        case .toggleMine: state.mineOnly.toggle()
        case .toggleAll:
            state.mineOnly = false
            state.freeOnly = false
            state.search = ""
        case .sort:
            let all = TUIState.Sort.allCases
            state.sort = all[(all.firstIndex(of: state.sort)! + 1) % all.count]
        case .details:
            if let id = state.selectedID { state.screen = .details(id) }
        case .refresh: return [.loadDevices]
        case .help: state.showingHelp = true
        case .quit: return quit(&state)
        case .connect, .disconnect: return act(command, on: state.selectedID, &state)
        case .extend: return extend(state.selectedID, &state)
        case .wait: return wait(state.selectedID, &state)
        case .back: break
        }
        keepSelectionVisible(&state)
        return []
    }

    private static func detailsKey(_ key: Key, _ id: UUID, _ state: inout TUIState) -> [TUIEffect] {
        guard let command = TUIKeymaps.details.action(for: key) else { return [] }
        switch command {
        case .back: state.screen = .devices
        case .help: state.showingHelp = true
        case .quit: return quit(&state)
        case .connect, .disconnect: return act(command, on: id, &state)
        case .extend: return extend(id, &state)
        case .wait: return wait(id, &state)
        default: break
        }
        return []
    }

    /// Extends the lease on `id` when it is ours and bounded; otherwise the device whose end was last announced.
    private static func extend(_ id: UUID?, _ state: inout TUIState) -> [TUIEffect] {
        let bounded = { (view: DeviceView) in view.heldByMe && view.heldUntil != nil }
        guard
            let view = state.devices.first(where: { $0.id == id && bounded($0) })
                ?? state.devices.first(where: { state.warnedEnds.contains($0.id) && bounded($0) })
        else { return [] }
        state.status = .init(TUIText.extending(DeviceFilter.name(view)).text(in: state.language), isProgress: true)
        return [.extend(view.id)]
    }

    /// Joins the line of a device someone else has (or that is kept for someone else), or leaves the line the user is in.
    private static func wait(_ id: UUID?, _ state: inout TUIState) -> [TUIEffect] {
        guard let id, let view = state.devices.first(where: { $0.id == id }), !view.heldByMe else { return [] }
        if let waitID = view.myWaitID { return [.leaveWait(waitID, deviceID: id)] }
        guard view.online, view.heldBy != nil || (view.reservedFor != nil && !view.reservedForMe) else { return act(.connect, on: id, &state) }
        return [.joinWait(id)]
    }

    private static func act(_ command: ListCommand, on id: UUID?, _ state: inout TUIState) -> [TUIEffect] {
        guard let id, let view = state.devices.first(where: { $0.id == id }) else { return [] }
        let name = DeviceFilter.name(view)
        if command == .disconnect {
            guard view.heldByMe else { return [] }
            state.status = .init(TUIText.disconnecting(name).text(in: state.language), isProgress: true)
            return [.disconnect(id)]
        }
        if view.heldByMe { return [] }
        if !view.online {
            state.status = .init(TUIText.slaveOffline.text(in: state.language), isError: true)
            return []
        }
        if let holder = view.heldBy {
            let words = TUIText.heldBy(view, timeZone: state.timeZone, now: state.now) ?? TUIText.inUseBy(holder)
            let contact = view.holderContact.map { " · \($0)" } ?? ""
            let hint = view.myPlace == nil ? TUIText.pressWait(words.text(in: state.language) + contact).text(in: state.language) : nil
            state.status = .init(hint ?? words.text(in: state.language) + contact, isError: true)
            return []
        }
        if let other = view.reservedFor, !view.reservedForMe {
            let words = TUIText.keptFor(other, view.reservedUntil.map { TUIText.clock($0, state.timeZone, now: state.now) } ?? "…")
            state.status = .init(TUIText.pressWait(words.text(in: state.language)).text(in: state.language), isError: true)
            return []
        }
        state.status = .init(TUIText.connecting(name).text(in: state.language), isProgress: true)
        return [.connect(id)]
    }

    private static func quit(_ state: inout TUIState) -> [TUIEffect] {
        if state.holdsDevices {
            state.askingToQuit = true
            return []
        }
        state.finished = true
        return [.quit]
    }

    /// Stops counting device `id` as held by anyone until the next reload says otherwise.
    private static func letGo(_ id: UUID, _ state: inout TUIState) {
        guard let index = state.devices.firstIndex(where: { $0.id == id }) else { return }
        state.devices[index].heldBy = nil
        state.devices[index].heldByMe = false
        state.devices[index].myLeaseID = nil
    }

    private static func keepSelectionVisible(_ state: inout TUIState) {
        let visible = state.visibleDevices
        if !visible.contains(where: { $0.id == state.selectedID }) { state.selectedID = visible.first?.id }
    }

    private static func deviceName(_ id: UUID, _ state: TUIState) -> String {
        state.devices.first { $0.id == id }.map(DeviceFilter.name) ?? "device"
    }
}
