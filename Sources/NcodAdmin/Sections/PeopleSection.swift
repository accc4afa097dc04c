import Foundation
import NcodClient
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// Requests, accounts and computers.
    public static let people = Self("people")
}

extension AdminState.List {
    /// What waits for approval.
    public static let requests = Self(.people, "requests")
    /// The accounts.
    public static let users = Self(.people, "users")
    /// The computers.
    public static let machines = Self(.people, "machines")
}

extension AdminState {
    /// The three lists of the people section (←/→ switches).
    public enum PeopleView: Int, Equatable, Sendable, CaseIterable {
        /// What waits for approval: one row per person and computer.
        case requests
        /// Every other account.
        case users
        /// Machine bindings.
        case machines
    }

    /// What waits for approval, oldest first.
    public var requests: [JoinRequest] { data.requests }

    /// Every other account matching the search, by username.
    public var visibleUsers: [UserProfile] {
        let needle = search.lowercased()
        return data.users.filter { user in
            guard user.status != .pending else { return false }
            guard !needle.isEmpty else { return true }
            let text = [user.username, user.displayName, user.contact] + user.orgUnitPath.map(\.name)
            return text.contains { $0.lowercased().contains(needle) }
        }
    }

    /// Machine bindings: waiting ones first, then approved, each by username.
    public var machines: [BindingView] {
        data.bindings.sorted { ($0.status != .pending ? 1 : 0, $0.username) < ($1.status != .pending ? 1 : 0, $1.username) }
    }

    /// The selected request.
    public var selectedRequest: JoinRequest? { pick(requests, .requests) }
    /// The selected account.
    public var selectedUser: UserProfile? { pick(visibleUsers, .users) }
    /// The selected machine binding.
    public var selectedMachine: BindingView? { pick(machines, .machines) }
}

/// The people section: the requests waiting (a person and their computer, decided together or apart), the accounts, the computers.
enum PeopleSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.people
    /// Its name in the tab bar.
    static let title = AdminText.tabPeople

    /// How many requests wait: one per person and computer, as the list shows them.
    static func badge(_ state: AdminState) -> String? { state.requests.isEmpty ? nil : "(\(state.requests.count))" }

    /// The requests' keys.
    static let requestKeys: [KeyBinding<AdminKeyAction>] = [
        KeyBinding([.character("a")], AdminText.keyApprove, .approve),
        KeyBinding([.character("x")], AdminText.keyReject, .reject, destructive: true),
        KeyBinding([.right], AdminText.keyNextList, .nextView),
        KeyBinding([.left], AdminText.keyPreviousList, .previousView, inFooter: false),
    ]

    /// The accounts' keys.
    static let userKeys: [KeyBinding<AdminKeyAction>] = [
        KeyBinding([.character("/")], TerminalText.keySearch, .search),
        KeyBinding([.character("d")], AdminText.keyDisable, .disable, destructive: true),
        KeyBinding([.character("e")], AdminText.keyEnable, .enable),
        KeyBinding([.character("p")], AdminText.keyResetPassword, .resetPassword, destructive: true),
        KeyBinding([.character("r")], AdminText.keyRole, .role),
        KeyBinding([.character("m")], AdminText.keyMoveUser, .move),
        KeyBinding([.right], AdminText.keyNextList, .nextView, inFooter: false),
        KeyBinding([.left], AdminText.keyPreviousList, .previousView, inFooter: false),
    ]

    /// The computers' keys.
    static let machineKeys: [KeyBinding<AdminKeyAction>] = [
        KeyBinding([.character("a")], AdminText.keyApprove, .approve),
        KeyBinding([.character("x")], AdminText.keyRevoke, .reject, destructive: true),
        KeyBinding([.right], AdminText.keyNextList, .nextView, inFooter: false),
        KeyBinding([.left], AdminText.keyPreviousList, .previousView),
    ]

    /// The keys of the list up.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] {
        switch state.people {
        case .requests: requestKeys
        case .users: userKeys
        case .machines: machineKeys
        }
    }

    /// The list up.
    static func activeList(_ state: AdminState) -> AdminState.List? {
        switch state.people {
        case .requests: .requests
        case .users: .users
        case .machines: .machines
        }
    }

    /// The requests, the accounts matching the search, or the computers.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] {
        switch list {
        case .requests: state.requests.map(\.id)
        case .users: state.visibleUsers.map(\.id)
        default: state.machines.map(\.id)
        }
    }

    /// What a key does in the list up.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        switch command {
        case .nextView:
            state.people = AdminState.PeopleView(rawValue: min(2, state.people.rawValue + 1))!
            return []
        case .previousView:
            state.people = AdminState.PeopleView(rawValue: max(0, state.people.rawValue - 1))!
            return []
        case .search:
            state.searching = true
            return []
        default:
            switch state.people {
            case .requests: return requestKey(command, &state)
            case .users: return userKey(command, &state)
            case .machines: return machineKey(command, &state)
            }
        }
    }

    // MARK: Requests

    private static func requestKey(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        guard let request = state.selectedRequest else { return [] }
        // Both, or either alone, when the request has a new person and a computer; straight on when it has one part.
        let parts = parts(of: request)
        switch command {
        case .approve:
            guard parts.count == 1 else {
                return chooseParts(request, AdminText.approveRequestTitle(request), "approveRequest", &state) { part, request, state in
                    approve(request, part, &state)
                }
            }
            return approve(request, parts[0], &state)
        case .reject:
            guard parts.count == 1 else {
                return chooseParts(request, AdminText.rejectRequestTitle(request), "rejectRequest", &state) { part, request, state in
                    reject(request, part, &state)
                }
            }
            return reject(request, parts[0], &state)
        default:
            return []
        }
    }

    /// The parts of a request an administrator may decide: both and each alone when it has a new person and a computer.
    private static func parts(of request: JoinRequest) -> [JoinDecision.Part] {
        switch (request.isNewPerson, request.computer != nil) {
        case (true, true): [.both, .person, .computer]
        case (true, false): [.person]
        default: [.computer]
        }
    }

    /// Asks which parts of `request` the act is for, then goes on with `next`.
    private static func chooseParts(
        _ request: JoinRequest, _ title: Message, _ name: String, _ state: inout AdminState,
        next: @escaping @Sendable (JoinDecision.Part, JoinRequest, inout AdminState) -> [AdminEffect]
    ) -> [AdminEffect] {
        let language = state.language
        let intent = AdminIntent(name, request.id) { answer, state in
            guard let part = JoinDecision.Part(rawValue: answer) else { return [] }
            return next(part, request, &state)
        }
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
        let id = request.id
        if part != .computer, request.isNewPerson {
            let departments = AdminKit.departmentOptions(state)
            guard !departments.isEmpty else { return AdminKit.refuse(AdminText.noDepartments, &state) }
            let wanted = request.person.orgUnitPath.last?.id.uuidString
            let intent = AdminIntent("approveRequestInto", id) { answer, state in
                guard let unit = UUID(uuidString: answer) else { return [] }
                return AdminKit.run(.approveRequest(id, part: part, orgUnitID: unit), &state)
            }
            state.modal = .choice(
                intent: intent, title: AdminText.approveIntoTitle(request).text(in: language), options: departments,
                index: departments.firstIndex { $0.value == wanted } ?? 0)
            return []
        }
        AdminKit.confirm(
            AdminIntent("confirmRequest", id) { _, state in AdminKit.run(.approveRequest(id, part: part, orgUnitID: nil), &state) },
            AdminText.confirmRequestTitle(request), [AdminText.confirmRequestText(part, request), AdminText.yesNo], &state)
        return []
    }

    /// Rejecting `part` of `request`: asks for the reason.
    private static func reject(_ request: JoinRequest, _ part: JoinDecision.Part, _ state: inout AdminState) -> [AdminEffect] {
        let id = request.id
        AdminKit.ask(
            AdminIntent("rejectRequestBecause", id) { answer, state in AdminKit.run(.rejectRequest(id, part: part, reason: answer), &state) },
            AdminText.part(part, request), [AdminText.rejectRequestText, AdminText.reasonPrompt], &state)
        return []
    }

    // MARK: Accounts

    private static func userKey(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        let language = state.language
        guard let user = state.selectedUser else { return [] }
        let id = user.id
        switch command {
        case .disable:
            guard user.status != .disabled else { return AdminKit.refuse(AdminText.alreadyDisabled(user.username), &state) }
            guard user.id != state.profile?.id else { return AdminKit.refuse(AdminText.notYourself, &state) }
            AdminKit.ask(
                AdminIntent("disableUser", id) { answer, state in AdminKit.run(.disableUser(id, reason: answer), &state) },
                AdminText.disableUserTitle(user.displayName, user.username), [AdminText.disableUserWarning, AdminText.reasonPrompt], &state)
        case .enable:
            guard user.status == .disabled else { return AdminKit.refuse(AdminText.notDisabled(user.username), &state) }
            return AdminKit.run(.enableUser(id), &state)
        case .resetPassword:
            AdminKit.confirm(
                AdminIntent("resetPassword", id) { _, state in AdminKit.run(.resetPassword(id), &state) },
                AdminText.resetTitle(user.displayName, user.username), [AdminText.resetText, AdminText.yesNo], &state)
        case .role:
            let roles = User.Role.allCases.map { AdminModal.Option(value: $0.rawValue, label: AdminText.role($0).text(in: language)) }
            let intent = AdminIntent("changeRole", id) { answer, state in
                guard let role = User.Role(rawValue: answer) else { return [] }
                return AdminKit.run(.updateUser(id, UserPatch(role: role)), &state)
            }
            state.modal = .choice(
                intent: intent, title: AdminText.roleTitle(user.displayName, user.username).text(in: language), options: roles,
                index: roles.firstIndex { $0.value == user.role.rawValue } ?? 0)
        case .move:
            let departments = AdminKit.departmentOptions(state)
            guard !departments.isEmpty else { return AdminKit.refuse(AdminText.noDepartments, &state) }
            let current = user.orgUnitPath.last?.id.uuidString
            let intent = AdminIntent("moveUser", id) { answer, state in
                guard let unit = UUID(uuidString: answer) else { return [] }
                return AdminKit.run(.updateUser(id, UserPatch(orgUnitID: unit)), &state)
            }
            state.modal = .choice(
                intent: intent, title: AdminText.moveUserTitle(user.displayName, user.username).text(in: language), options: departments,
                index: departments.firstIndex { $0.value == current } ?? 0)
        default:
            break
        }
        return []
    }

    // MARK: Computers

    private static func machineKey(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        guard let binding = state.selectedMachine else { return [] }
        let id = binding.id
        switch command {
        case .approve:
            guard binding.status == .pending else { return AdminKit.refuse(AdminText.bindingNotPending, &state) }
            AdminKit.confirm(
                AdminIntent("approveBinding", id) { _, state in AdminKit.run(.approveBinding(id), &state) },
                AdminText.approveBindingTitle(binding), [AdminText.approveBindingText(binding), AdminText.yesNo], &state)
        case .reject:
            guard binding.status != .revoked else { return AdminKit.refuse(AdminText.bindingRevoked, &state) }
            // A waiting computer is turned down; an approved one is revoked: both end in the same refused state.
            AdminKit.ask(
                AdminIntent("revokeBinding", id) { answer, state in AdminKit.run(.revokeBinding(id, reason: answer), &state) },
                binding.status == .pending
                    ? AdminText.rejectBindingTitle(binding.mac.description, binding.username)
                    : AdminText.revokeTitle(binding.mac.description, binding.username),
                [binding.status == .pending ? AdminText.rejectBindingText : AdminText.revokeText, AdminText.reasonPrompt], &state)
        default:
            break
        }
        return []
    }

    // MARK: Drawing

    /// The three lists' titles with their counts, then the list up.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        let lists: [(AdminState.PeopleView, Message, Int)] = [
            (.requests, AdminText.requestsList, state.requests.count),
            (.users, AdminText.usersList, state.data.users.count { $0.status != .pending }),
            (.machines, AdminText.machinesList, state.machines.count),
        ]
        var column = 1
        for (view, title, count) in lists {
            let label = " \(title.text(in: language)) (\(count)) "
            buffer.put(label, row: top, column: column, style: view == state.people ? Style(bold: true, reverse: true) : .faint)
            column += TextWidth.columns(label) + 2
        }
        if state.people == .users, state.searching || !state.search.isEmpty {
            let search = TerminalText.searchPrompt.text(in: language) + ": " + state.search + (state.searching ? "▏" : "")
            buffer.put(search, row: top, column: max(column, buffer.columns - TextWidth.columns(search) - 1), style: Style(color: .cyan))
        }
        switch state.people {
        case .requests:
            // One row per person and computer; the selected one's key, department and contact in full below the list.
            let requests = state.requests
            AdminKit.table(
                [(AdminText.person, 18), (AdminText.request, 19), (AdminText.computer, 22), (AdminText.asked, 0)],
                requests.map {
                    [
                        AdminText.who($0), AdminText.asks($0).text(in: language),
                        $0.computer.map { $0.hostname ?? $0.macs.first?.description ?? "" } ?? "—",
                        AdminFormat.age($0.requestedAt, now: state.now, language),
                    ]
                }, selected: requests.isEmpty ? nil : state.selected(.requests), language, &buffer, top: top + 2, bottom: bottom - 5,
                empty: AdminText.noRequests, color: { requests[$0].computer?.newKey == true ? .red : nil })
            if let request = state.selectedRequest {
                let path = request.person.orgUnitPath.map(\.name).joined(separator: " / ")
                let facts: [(Message, String)] = [
                    (
                        AdminText.computer,
                        request.computer.map {
                            ([$0.hostname].compactMap { $0 } + [$0.macs.map(\.description).joined(separator: ", ")]).joined(separator: " · ")
                        } ?? "—"
                    ),
                    (AdminText.key, request.computer?.fingerprint ?? "—"),
                    (AdminText.department, path.isEmpty ? "—" : path),
                    (AdminText.contact, request.person.contact),
                ]
                for (offset, fact) in facts.enumerated() {
                    let line = TextWidth.fit(fact.0.text(in: language), to: 12) + " " + fact.1
                    buffer.put(TextWidth.fit(line, to: buffer.columns - 3), row: bottom - 4 + offset, column: 2, style: .faint)
                }
            }
        case .users:
            let users = state.visibleUsers
            AdminKit.table(
                [
                    (TerminalText.username, 14), (TerminalText.displayName, 10), (AdminText.role, 13), (TerminalText.status, 8),
                    (AdminText.department, 0),
                ],
                users.map {
                    [
                        $0.username, $0.displayName, AdminText.role($0.role).text(in: language), AdminText.userStatus($0.status).text(in: language),
                        AdminKit.department($0),
                    ]
                }, selected: users.isEmpty ? nil : state.selected(.users), language, &buffer, top: top + 2, bottom: bottom, empty: AdminText.noUsers,
                color: { users[$0].status == .active ? nil : .yellow })
        case .machines:
            let machines = state.machines
            AdminKit.table(
                [
                    (TerminalText.username, 14), (TerminalText.displayName, 10), (AdminText.mac, 17), (TerminalText.status, 8),
                    (AdminText.lastSeen, 0),
                ],
                machines.map {
                    [
                        $0.username, $0.displayName, $0.mac.description, AdminText.bindingStatus($0.status).text(in: language),
                        AdminFormat.time($0.lastSeen, state.timeZone),
                    ]
                }, selected: machines.isEmpty ? nil : state.selected(.machines), language, &buffer, top: top + 2, bottom: bottom,
                empty: AdminText.noMachines, color: { machines[$0].status == .pending ? .yellow : nil })
        }
    }
}

extension AdminCommand {
    /// Approve a request, or the part named; a new person goes into the department given.
    static func approveRequest(_ id: UUID, part: JoinDecision.Part, orgUnitID: UUID?) -> AdminCommand {
        AdminCommand("approveRequest", [id, part, orgUnitID as Any]) { api in
            _ = try await api.approveRequest(id, part: part, orgUnitID: orgUnitID)
        } result: { state in
            let subject = requestPart(id, part, state)
            return Message("Approved: \(subject.english).", zh: "已批准：\(subject.chinese)。")
        }
    }

    /// Reject a request, or the part named, with a reason.
    static func rejectRequest(_ id: UUID, part: JoinDecision.Part, reason: String) -> AdminCommand {
        AdminCommand("rejectRequest", [id, part, reason]) { api in
            _ = try await api.rejectRequest(id, reason: reason, part: part)
        } result: { state in
            let subject = requestPart(id, part, state)
            return Message(
                "Rejected: \(subject.english). They see the reason when they log in.", zh: "已拒绝：\(subject.chinese)。对方登录时会看到原因。")
        }
    }

    /// Disable an account, with a reason.
    static func disableUser(_ id: UUID, reason: String) -> AdminCommand {
        AdminCommand("disableUser", [id, reason]) { api in
            _ = try await api.disableUser(id, reason: reason)
        } result: { state in
            let name = AdminKit.userName(id, state)
            return Message("\(name) disabled.", zh: "\(name) 已停用。")
        }
    }

    /// Enable a disabled account.
    static func enableUser(_ id: UUID) -> AdminCommand {
        AdminCommand("enableUser", [id]) { api in
            _ = try await api.enableUser(id)
        } result: { state in
            let name = AdminKit.userName(id, state)
            return Message("\(name) enabled again.", zh: "\(name) 已重新启用。")
        }
    }

    /// Reset a password to a temporary one, shown once.
    static func resetPassword(_ id: UUID) -> AdminCommand {
        AdminCommand("resetPassword", [id]) { api -> AdminOutcome in
            try await api.resetPassword(id).temporaryPassword.map(AdminOutcome.temporaryPassword) ?? .done
        } result: { state in
            let name = AdminKit.userName(id, state)
            return Message("Password of \(name) reset.", zh: "\(name) 的密码已重置。")
        }
    }

    /// Change an account's role or department.
    static func updateUser(_ id: UUID, _ patch: UserPatch) -> AdminCommand {
        AdminCommand("updateUser", [id, patch]) { api in
            _ = try await api.updateUser(id, patch)
        } result: { state in
            let name = AdminKit.userName(id, state)
            return Message("\(name) updated.", zh: "\(name) 已更新。")
        }
    }

    /// Approve a waiting computer.
    static func approveBinding(_ id: UUID) -> AdminCommand {
        AdminCommand("approveBinding", [id]) { api in
            _ = try await api.approveBinding(id)
        } result: { state in
            let name = machineName(id, state)
            return Message("Computer \(name) approved.", zh: "电脑 \(name) 已批准。")
        }
    }

    /// Revoke (or turn down) a computer, with a reason.
    static func revokeBinding(_ id: UUID, reason: String) -> AdminCommand {
        AdminCommand("revokeBinding", [id, reason]) { api in
            _ = try await api.revokeBinding(id, reason: reason)
        } result: { state in
            let name = machineName(id, state)
            return Message("Computer \(name) revoked.", zh: "电脑 \(name) 已撤销。")
        }
    }

    private static func requestPart(_ id: UUID, _ part: JoinDecision.Part, _ state: AdminState) -> Message {
        state.requests.first { $0.id == id }.map { AdminText.part(part, $0) } ?? Message("", zh: "")
    }

    private static func machineName(_ id: UUID, _ state: AdminState) -> String {
        state.data.bindings.first { $0.id == id }.map { "\($0.mac) · \($0.displayName)" } ?? ""
    }
}
