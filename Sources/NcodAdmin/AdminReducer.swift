import Foundation
import NcodCore
import NcodTerminal

/// The only place ncod-admin's state changes: `reduce(state, action)` returns the I/O to run, never runs it.
public enum AdminReducer {
    /// Applies `action` to `state`; returns the effects for the runtime.
    public static func reduce(_ state: inout AdminState, _ action: AdminAction) -> [AdminEffect] {
        switch action {
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
        case .done(let command, let outcome):
            state.status = StatusLine(AdminText.done(command, subject: subject(of: command, state)).text(in: state.language))
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
        case .refresh: return [.reload, .loadAudit(state.auditQuery)]
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
            state.status = StatusLine(AdminText.loggingIn.text(in: state.language), isProgress: true)
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
        return tab == .audit ? [.loadAudit(state.auditQuery)] : []
    }

    private static func move(_ state: inout AdminState, by delta: Int) {
        guard let list = state.activeList else { return }
        let count = state.count(list)
        guard count > 0 else { return }
        let current = state.selected(list)
        state.select(list, index: current.addingReportingOverflow(delta).partialValue)
    }

    // MARK: Commands of each section

    private static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        let language = state.language
        func ask(_ intent: AdminIntent, _ title: Message, _ lines: [Message] = [], text: String = "", required: Bool = true) {
            state.modal = .input(
                intent: intent, title: title.text(in: language), lines: lines.map { $0.text(in: language) }, text: text, required: required)
        }
        func confirm(_ intent: AdminIntent, _ title: Message, _ lines: [Message]) {
            state.modal = .confirm(intent: intent, title: title.text(in: language), lines: lines.map { $0.text(in: language) })
        }
        func refuse(_ message: Message) -> [AdminEffect] {
            state.status = StatusLine(message.text(in: language), isError: true)
            return []
        }
        switch (state.tab, command) {
        case (.slaves, .open):
            guard let slave = state.selectedSlave else { return [] }
            state.slaveDetail = slave.id
            state.select(.slaveDevices, index: 0)
        case (.slaves, .back):
            state.slaveDetail = nil
        case (.slaves, .add):
            ask(.issueToken, AdminText.addSlaveTitle, [AdminText.addSlaveHint], required: false)
        case (.slaves, .rename):
            guard let slave = state.selectedSlave else { return [] }
            ask(.renameSlave(slave.id), AdminText.renameSlaveTitle(slave.name), [AdminText.slaveNameRule], text: slave.name)
        case (.slaves, .disable):
            guard let slave = state.selectedSlave else { return [] }
            guard slave.status != .disabled else { return refuse(AdminText.alreadyDisabled(slave.name)) }
            ask(
                .disableSlave(slave.id), AdminText.disableSlaveTitle(slave.name),
                [AdminText.disableSlaveWarning(leases(on: slave.id, state).count), AdminText.reasonPrompt])
        case (.slaves, .enable):
            guard let slave = state.selectedSlave else { return [] }
            guard slave.status == .disabled else { return refuse(AdminText.notDisabled(slave.name)) }
            return run(.enableSlave(slave.id), &state)
        case (.slaves, .remove):
            guard let slave = state.selectedSlave else { return [] }
            let held = leases(on: slave.id, state)
            if held.isEmpty {
                confirm(
                    .removeSlave(slave.id, force: false), AdminText.removeSlaveTitle(slave.name),
                    [AdminText.removeSlaveText(slave.deviceCount), AdminText.yesNo])
            } else {
                let holders = Set(held.map(\.displayName)).sorted().joined(separator: ", ")
                confirm(
                    .removeSlave(slave.id, force: true), AdminText.removeSlaveTitle(slave.name),
                    [AdminText.removeSlaveLeases(held.count, holders), AdminText.removeSlaveForce, AdminText.yesNoForce])
            }
        case (.slaves, .nickname):
            guard let device = state.selectedDevice else { return [] }
            ask(
                .nickname(device.id), AdminText.nicknameTitle(device.device.vhAddress), [AdminText.nicknameHint], text: device.device.nickname ?? "",
                required: false)
        case (.slaves, .maxHold):
            guard let device = state.selectedDevice else { return [] }
            ask(
                .maxHold(device.id), AdminText.maxHoldTitle(device.device.vhAddress), [AdminText.maxHoldHint],
                text: device.device.maxHoldSeconds.map(DurationText.text) ?? "", required: false)
        case (.people, .nextView):
            state.people = AdminState.PeopleView(rawValue: min(2, state.people.rawValue + 1))!
        case (.people, .previousView):
            state.people = AdminState.PeopleView(rawValue: max(0, state.people.rawValue - 1))!
        case (.people, .approve) where state.people == .requests:
            guard let request = state.selectedRequest else { return [] }
            // Both, or either alone, when the request has a new person and a computer; straight on when it has one part.
            let parts = parts(of: request)
            guard parts.count == 1 else { return chooseParts(.approveRequest(request.id), AdminText.approveRequestTitle(request), request, &state) }
            return approve(request, parts[0], &state)
        case (.people, .reject) where state.people == .requests:
            guard let request = state.selectedRequest else { return [] }
            let parts = parts(of: request)
            guard parts.count == 1 else { return chooseParts(.rejectRequest(request.id), AdminText.rejectRequestTitle(request), request, &state) }
            ask(
                .rejectRequestBecause(request.id, parts[0]), AdminText.part(parts[0], request),
                [AdminText.rejectRequestText, AdminText.reasonPrompt])
        case (.people, .search):
            state.searching = true
        case (.people, .disable):
            guard let user = state.selectedUser else { return [] }
            guard user.status != .disabled else { return refuse(AdminText.alreadyDisabled(user.username)) }
            guard user.id != state.profile?.id else { return refuse(AdminText.notYourself) }
            ask(
                .disableUser(user.id), AdminText.disableUserTitle(user.displayName, user.username),
                [AdminText.disableUserWarning, AdminText.reasonPrompt])
        case (.people, .enable):
            guard let user = state.selectedUser else { return [] }
            guard user.status == .disabled else { return refuse(AdminText.notDisabled(user.username)) }
            return run(.enableUser(user.id), &state)
        case (.people, .resetPassword):
            guard let user = state.selectedUser else { return [] }
            confirm(.resetPassword(user.id), AdminText.resetTitle(user.displayName, user.username), [AdminText.resetText, AdminText.yesNo])
        case (.people, .role):
            guard let user = state.selectedUser else { return [] }
            let roles = User.Role.allCases.map { AdminModal.Option(value: $0.rawValue, label: AdminText.role($0).text(in: language)) }
            state.modal = .choice(
                intent: .changeRole(user.id), title: AdminText.roleTitle(user.displayName, user.username).text(in: language), options: roles,
                index: roles.firstIndex { $0.value == user.role.rawValue } ?? 0)
        case (.people, .move):
            guard let user = state.selectedUser else { return [] }
            let departments = departmentOptions(state)
            guard !departments.isEmpty else { return refuse(AdminText.noDepartments) }
            let current = user.orgUnitPath.last?.id.uuidString
            state.modal = .choice(
                intent: .moveUser(user.id), title: AdminText.moveUserTitle(user.displayName, user.username).text(in: language), options: departments,
                index: departments.firstIndex { $0.value == current } ?? 0)
        case (.people, .approve):
            guard let binding = state.selectedMachine else { return [] }
            guard binding.status == .pending else { return refuse(AdminText.bindingNotPending) }
            confirm(
                .approveBinding(binding.id), AdminText.approveBindingTitle(binding),
                [AdminText.approveBindingText(binding), AdminText.yesNo])
        case (.people, .reject):
            guard let binding = state.selectedMachine else { return [] }
            guard binding.status != .revoked else { return refuse(AdminText.bindingRevoked) }
            // A waiting computer is turned down; an approved one is revoked: both end in the same refused state.
            ask(
                .revokeBinding(binding.id),
                binding.status == .pending
                    ? AdminText.rejectBindingTitle(binding.mac.description, binding.username)
                    : AdminText.revokeTitle(binding.mac.description, binding.username),
                [binding.status == .pending ? AdminText.rejectBindingText : AdminText.revokeText, AdminText.reasonPrompt])
        case (.organisation, .add):
            guard let row = state.selectedUnit else { return act(.addTop, &state) }
            switch row.node.kind {
            case .organisation: ask(.addUnit(parent: row.node.id, kind: .company), AdminText.addUnitTitle(.company, row.path))
            case .company: ask(.addUnit(parent: row.node.id, kind: .department), AdminText.addUnitTitle(.department, row.path))
            case .department: return refuse(AdminText.departmentIsLeaf)
            }
        case (.organisation, .addTop):
            ask(.addUnit(parent: nil, kind: .organisation), AdminText.addUnitTitle(.organisation, ""))
        case (.organisation, .rename):
            guard let row = state.selectedUnit else { return [] }
            ask(.renameUnit(row.node.id), AdminText.renameUnitTitle(row.path), text: row.node.name)
        case (.organisation, .move):
            guard let row = state.selectedUnit else { return [] }
            guard let parentKind = row.node.kind.parentKind else { return refuse(AdminText.organisationIsTop) }
            let parents = state.units.filter { $0.node.kind == parentKind && !$0.node.children.contains { $0.id == row.node.id } }
            guard !parents.isEmpty else { return refuse(AdminText.nowhereToMove) }
            state.modal = .choice(
                intent: .moveUnit(row.node.id), title: AdminText.moveUnitTitle(row.path).text(in: language),
                options: parents.map { AdminModal.Option(value: $0.node.id.uuidString, label: $0.path) }, index: 0)
        case (.organisation, .remove):
            guard let row = state.selectedUnit else { return [] }
            confirm(.removeUnit(row.node.id), AdminText.removeUnitTitle(row.path), [AdminText.removeUnitText, AdminText.yesNo])
        case (.leases, .forceRelease):
            guard let lease = state.selectedLease else { return [] }
            let device = deviceName(lease.deviceID, state) ?? lease.vhAddress
            ask(.forceRelease(lease.id), AdminText.forceTitle(device, lease.displayName), [AdminText.forceText, AdminText.reasonPrompt])
        case (.audit, .filter(let field)):
            ask(.auditFilter(field), AdminText.filterTitle(field), [AdminText.filterHint(field)], text: filterText(field, state), required: false)
        case (.audit, .open):
            guard let events = state.audit?.events, !events.isEmpty else { return [] }
            let event = events[state.selected(.audit)]
            state.modal = .notice(
                title: event.action,
                lines: [AdminFormat.time(event.at, state.timeZone, seconds: true), event.actor + " → " + event.subject, ""]
                    + event.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })
        case (.audit, .clearFilters):
            return showAudit(AuditQuery(limit: AdminState.auditPageSize), &state)
        case (.audit, .nextPage):
            guard let page = state.audit, state.auditQuery.offset + state.auditQuery.limit < page.total else { return [] }
            var query = state.auditQuery
            query.offset += query.limit
            return showAudit(query, &state)
        case (.audit, .previousPage):
            guard state.auditQuery.offset > 0 else { return [] }
            var query = state.auditQuery
            query.offset = max(0, query.offset - query.limit)
            return showAudit(query, &state)
        default:
            break
        }
        return []
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

    private static func submit(_ intent: AdminIntent, answer: String, _ state: inout AdminState) -> [AdminEffect] {
        let optional = answer.isEmpty ? nil : answer
        switch intent {
        case .issueToken: return run(.issueToken(slaveName: optional), &state)
        case .renameSlave(let id): return run(.renameSlave(id, name: answer), &state)
        case .disableSlave(let id): return run(.disableSlave(id, reason: answer), &state)
        case .removeSlave(let id, let force): return run(.removeSlave(id, force: force), &state)
        case .nickname(let id): return run(.setNickname(id, nickname: optional), &state)
        case .maxHold(let id):
            guard let optional else { return run(.setMaxHold(id, seconds: nil), &state) }
            guard let seconds = DurationText.seconds(optional), (60...366 * 86_400).contains(seconds) else {
                state.status = StatusLine(AdminText.badMaxHold(optional).text(in: state.language), isError: true)
                return []
            }
            return run(.setMaxHold(id, seconds: seconds), &state)
        case .approveRequest(let id):
            guard let part = JoinDecision.Part(rawValue: answer), let request = state.requests.first(where: { $0.id == id }) else { return [] }
            return approve(request, part, &state)
        case .approveRequestInto(let id, let part):
            guard let unit = UUID(uuidString: answer) else { return [] }
            return run(.approveRequest(id, part: part, orgUnitID: unit), &state)
        case .confirmRequest(let id, let part): return run(.approveRequest(id, part: part, orgUnitID: nil), &state)
        case .approveBinding(let id): return run(.approveBinding(id), &state)
        case .rejectRequest(let id):
            guard let part = JoinDecision.Part(rawValue: answer), let request = state.requests.first(where: { $0.id == id }) else { return [] }
            state.modal = .input(
                intent: .rejectRequestBecause(id, part), title: AdminText.part(part, request).text(in: state.language),
                lines: [AdminText.rejectRequestText, AdminText.reasonPrompt].map { $0.text(in: state.language) }, text: "", required: true)
            return []
        case .rejectRequestBecause(let id, let part): return run(.rejectRequest(id, part: part, reason: answer), &state)
        case .disableUser(let id): return run(.disableUser(id, reason: answer), &state)
        case .resetPassword(let id): return run(.resetPassword(id), &state)
        case .changeRole(let id):
            guard let role = User.Role(rawValue: answer) else { return [] }
            return run(.updateUser(id, UserPatch(role: role)), &state)
        case .moveUser(let id):
            guard let unit = UUID(uuidString: answer) else { return [] }
            return run(.updateUser(id, UserPatch(orgUnitID: unit)), &state)
        case .revokeBinding(let id): return run(.revokeBinding(id, reason: answer), &state)
        case .addUnit(let parent, let kind): return run(.createUnit(OrgUnitChange(name: answer, kind: kind, parentID: parent)), &state)
        case .renameUnit(let id): return run(.updateUnit(id, OrgUnitChange(name: answer)), &state)
        case .moveUnit(let id):
            guard let parent = UUID(uuidString: answer) else { return [] }
            return run(.updateUnit(id, OrgUnitChange(parentID: parent)), &state)
        case .removeUnit(let id): return run(.deleteUnit(id), &state)
        case .forceRelease(let id): return run(.forceRelease(id, reason: answer), &state)
        case .auditFilter(let field): return setFilter(field, optional, &state)
        }
    }

    private static func setFilter(_ field: AuditField, _ value: String?, _ state: inout AdminState) -> [AdminEffect] {
        var query = state.auditQuery
        switch field {
        case .person: query.person = value
        case .device: query.device = value
        case .slave: query.slave = value
        case .action: query.action = value
        case .since, .until:
            var time: Date?
            if let value {
                guard let parsed = AdminFormat.parseTime(value, state.timeZone) else {
                    state.status = StatusLine(AdminText.badTime(value).text(in: state.language), isError: true)
                    return []
                }
                time = parsed
            }
            if field == .since { query.since = time } else { query.until = time }
        }
        query.offset = 0
        return showAudit(query, &state)
    }

    /// Asks for another audit page; rows of the old one never show under the new filters meanwhile.
    private static func showAudit(_ query: AuditQuery, _ state: inout AdminState) -> [AdminEffect] {
        state.auditQuery = query
        state.audit = nil
        state.select(.audit, index: 0)
        return [.loadAudit(query)]
    }

    private static func run(_ command: AdminCommand, _ state: inout AdminState) -> [AdminEffect] {
        state.status = StatusLine(AdminText.working.text(in: state.language), isProgress: true)
        return [.run(command)]
    }

    // MARK: Requests

    /// The parts of a request an administrator may decide: both and each alone when it has a new person and a computer.
    private static func parts(of request: JoinRequest) -> [JoinDecision.Part] {
        switch (request.isNewPerson, request.computer != nil) {
        case (true, true): [.both, .person, .computer]
        case (true, false): [.person]
        default: [.computer]
        }
    }

    /// Asks which parts of `request` the act is for.
    private static func chooseParts(_ intent: AdminIntent, _ title: Message, _ request: JoinRequest, _ state: inout AdminState) -> [AdminEffect] {
        let language = state.language
        state.modal = .choice(
            intent: intent, title: title.text(in: language),
            options: parts(of: request).map { AdminModal.Option(value: $0.rawValue, label: AdminText.part($0, request).text(in: language)) },
            index: 0)
        return []
    }

    /// Approving `part` of `request`: a new person is put in a department (the one they chose first in the list); a computer alone
    /// is confirmed with its name and key.
    private static func approve(_ request: JoinRequest, _ part: JoinDecision.Part, _ state: inout AdminState) -> [AdminEffect] {
        let language = state.language
        if part != .computer, request.isNewPerson {
            let departments = departmentOptions(state)
            guard !departments.isEmpty else {
                state.status = StatusLine(AdminText.noDepartments.text(in: language), isError: true)
                return []
            }
            let wanted = request.person.orgUnitPath.last?.id.uuidString
            state.modal = .choice(
                intent: .approveRequestInto(request.id, part), title: AdminText.approveIntoTitle(request).text(in: language),
                options: departments, index: departments.firstIndex { $0.value == wanted } ?? 0)
            return []
        }
        state.modal = .confirm(
            intent: .confirmRequest(request.id, part), title: AdminText.confirmRequestTitle(request).text(in: language),
            lines: [AdminText.confirmRequestText(part, request), AdminText.yesNo].map { $0.text(in: language) })
        return []
    }

    // MARK: Lookups

    private static func filterText(_ field: AuditField, _ state: AdminState) -> String {
        let query = state.auditQuery
        switch field {
        case .person: return query.person ?? ""
        case .device: return query.device ?? ""
        case .slave: return query.slave ?? ""
        case .action: return query.action ?? ""
        case .since: return query.since.map { AdminFormat.time($0, state.timeZone) } ?? ""
        case .until: return query.until.map { AdminFormat.time($0, state.timeZone) } ?? ""
        }
    }

    private static func departmentOptions(_ state: AdminState) -> [AdminModal.Option] {
        state.units.filter { $0.node.kind == .department }.map { AdminModal.Option(value: $0.node.id.uuidString, label: $0.path) }
    }

    private static func leases(on slave: UUID, _ state: AdminState) -> [LeaseView] {
        let devices = Set(state.data.devices.filter { $0.device.slaveID == slave }.map(\.id))
        return state.data.leases.filter { devices.contains($0.deviceID) }
    }

    private static func deviceName(_ id: UUID, _ state: AdminState) -> String? {
        state.data.devices.first { $0.id == id }.map { $0.device.nickname ?? $0.device.product ?? $0.device.vidPid }
    }

    /// The name a command's result message mentions.
    private static func subject(of command: AdminCommand, _ state: AdminState) -> String {
        func slave(_ id: UUID) -> String { state.data.slaves.first { $0.id == id }?.name ?? "" }
        func user(_ id: UUID) -> String { state.data.users.first { $0.id == id }.map { "\($0.displayName) (\($0.username))" } ?? "" }
        func unit(_ id: UUID) -> String { state.units.first { $0.node.id == id }?.path ?? "" }
        switch command {
        case .issueToken(let name): return name ?? ""
        case .renameSlave(_, let name): return name
        case .disableSlave(let id, _), .enableSlave(let id), .removeSlave(let id, _): return slave(id)
        case .setNickname(let id, _), .setMaxHold(let id, _): return deviceName(id, state) ?? ""
        case .disableUser(let id, _), .enableUser(let id), .resetPassword(let id), .updateUser(let id, _):
            return user(id)
        case .approveRequest(let id, let part, _), .rejectRequest(let id, let part, _):
            return state.requests.first { $0.id == id }.map { AdminText.part(part, $0).text(in: state.language) } ?? ""
        case .approveBinding(let id), .revokeBinding(let id, _):
            return state.data.bindings.first { $0.id == id }.map { "\($0.mac) · \($0.displayName)" } ?? ""
        case .createUnit(let change): return change.name ?? ""
        case .updateUnit(let id, _), .deleteUnit(let id): return unit(id)
        case .forceRelease(let id, _):
            return state.data.leases.first { $0.id == id }.map { "\(deviceName($0.deviceID, state) ?? $0.vhAddress) · \($0.displayName)" } ?? ""
        }
    }
}
