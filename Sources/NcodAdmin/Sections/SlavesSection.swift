import Foundation
import NcodClient
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// The fleet.
    public static let slaves = Self("slaves")
}

extension AdminState.List {
    /// The slaves.
    public static let slaves = Self(.slaves, "slaves")
    /// The devices of the slave whose details are up.
    public static let slaveDevices = Self(.slaves, "devices")
}

extension AdminState {
    /// The devices of `slave`, present ones first, by address.
    public func devices(of slave: UUID) -> [DeviceView] {
        data.devices.filter { $0.device.slaveID == slave }.sorted {
            ($0.device.present ? 0 : 1, $0.device.vhAddress) < ($1.device.present ? 0 : 1, $1.device.vhAddress)
        }
    }

    /// The selected slave.
    public var selectedSlave: SlaveView? { pick(data.slaves, .slaves) }
    /// The selected device of the slave whose details are up.
    public var selectedDevice: DeviceView? { slaveDetail.flatMap { pick(devices(of: $0), .slaveDevices) } }
}

/// The slaves section: the fleet (enrol, rename, disable, enable, remove) and one slave's devices (nicknames, maximum holds, tags).
enum SlavesSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.slaves
    /// Its name in the tab bar.
    static let title = AdminText.tabSlaves

    /// The slave list's keys.
    static let listKeys: [KeyBinding<AdminKeyAction>] = [
        KeyBinding([.enter, .right], TerminalText.keyDetails, .open),
        KeyBinding([.character("a")], AdminText.keyAddSlave, .add),
        KeyBinding([.character("r")], AdminText.keyRename, .rename),
        KeyBinding([.character("d")], AdminText.keyDisable, .disable, destructive: true),
        KeyBinding([.character("e")], AdminText.keyEnable, .enable),
        KeyBinding([.delete, .character("X")], AdminText.keyRemove, .remove, destructive: true),
        KeyBinding([.character("v")], AdminText.keyVisibility, .visibility, inFooter: false),
    ]

    /// One slave's keys.
    static let detailKeys: [KeyBinding<AdminKeyAction>] = [
        KeyBinding([.character("n")], AdminText.keyNickname, .nickname),
        KeyBinding([.character("h")], AdminText.keyMaxHold, .maxHold),
        KeyBinding([.character("t")], AdminText.keyTags, .tags),
        KeyBinding([.character("v")], AdminText.keyVisibility, .visibility, inFooter: false),
        KeyBinding([.escape, .left], TerminalText.keyBack, .back),
    ]

    /// The list's keys, or one slave's.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] { state.slaveDetail == nil ? listKeys : detailKeys }

    /// The slaves, or one slave's devices.
    static func activeList(_ state: AdminState) -> AdminState.List? { state.slaveDetail == nil ? .slaves : .slaveDevices }

    /// The slaves, or the devices of the slave whose details are up.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] {
        list == .slaves ? state.data.slaves.map(\.id) : (state.slaveDetail.map { state.devices(of: $0).map(\.id) } ?? [])
    }

    /// What a key does to the selected slave or device.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        switch command {
        case .open:
            guard let slave = state.selectedSlave else { return [] }
            state.slaveDetail = slave.id
            state.select(.slaveDevices, index: 0)
        case .back:
            state.slaveDetail = nil
        case .add:
            AdminKit.ask(
                AdminIntent("issueToken") { answer, state in AdminKit.run(.issueToken(slaveName: answer.isEmpty ? nil : answer), &state) },
                AdminText.addSlaveTitle, [AdminText.addSlaveHint], required: false, &state)
        case .rename:
            guard let slave = state.selectedSlave else { return [] }
            let id = slave.id
            AdminKit.ask(
                AdminIntent("renameSlave", id) { answer, state in AdminKit.run(.renameSlave(id, name: answer), &state) },
                AdminText.renameSlaveTitle(slave.name), [AdminText.slaveNameRule], text: slave.name, &state)
        case .disable:
            guard let slave = state.selectedSlave else { return [] }
            guard slave.status != .disabled else { return AdminKit.refuse(AdminText.alreadyDisabled(slave.name), &state) }
            let id = slave.id
            AdminKit.ask(
                AdminIntent("disableSlave", id) { answer, state in AdminKit.run(.disableSlave(id, reason: answer), &state) },
                AdminText.disableSlaveTitle(slave.name),
                [AdminText.disableSlaveWarning(AdminKit.leases(on: slave.id, state).count), AdminText.reasonPrompt], &state)
        case .enable:
            guard let slave = state.selectedSlave else { return [] }
            guard slave.status == .disabled else { return AdminKit.refuse(AdminText.notDisabled(slave.name), &state) }
            return AdminKit.run(.enableSlave(slave.id), &state)
        case .remove:
            guard let slave = state.selectedSlave else { return [] }
            let id = slave.id
            let held = AdminKit.leases(on: slave.id, state)
            let force = !held.isEmpty
            let intent = AdminIntent("removeSlave", id) { _, state in AdminKit.run(.removeSlave(id, force: force), &state) }
            if held.isEmpty {
                AdminKit.confirm(
                    intent, AdminText.removeSlaveTitle(slave.name), [AdminText.removeSlaveText(slave.deviceCount), AdminText.yesNo], &state)
            } else {
                let holders = Set(held.map(\.displayName)).sorted().joined(separator: ", ")
                AdminKit.confirm(
                    intent, AdminText.removeSlaveTitle(slave.name),
                    [AdminText.removeSlaveLeases(held.count, holders), AdminText.removeSlaveForce, AdminText.yesNoForce], &state)
            }
        case .nickname:
            guard let device = state.selectedDevice else { return [] }
            let id = device.id
            AdminKit.ask(
                AdminIntent("nickname", id) { answer, state in AdminKit.run(.setNickname(id, nickname: answer.isEmpty ? nil : answer), &state) },
                AdminText.nicknameTitle(device.device.vhAddress), [AdminText.nicknameHint], text: device.device.nickname ?? "", required: false,
                &state)
        case .maxHold:
            guard let device = state.selectedDevice else { return [] }
            let id = device.id
            AdminKit.ask(
                AdminIntent("maxHold", id) { answer, state in
                    guard !answer.isEmpty else { return AdminKit.run(.setMaxHold(id, seconds: nil), &state) }
                    guard let seconds = DurationText.seconds(answer), (60...366 * 86_400).contains(seconds) else {
                        return AdminKit.refuse(AdminText.badMaxHold(answer), &state)
                    }
                    return AdminKit.run(.setMaxHold(id, seconds: seconds), &state)
                },
                AdminText.maxHoldTitle(device.device.vhAddress), [AdminText.maxHoldHint],
                text: device.device.maxHoldSeconds.map(DurationText.text) ?? "", required: false, &state)
        case .visibility:
            // The slave in the list, or the device in one slave's details.
            let onSlave = state.slaveDetail == nil
            guard
                let (id, name, current) = onSlave
                    ? state.selectedSlave.map({ ($0.id, $0.name, $0.visibleTo) })
                    : state.selectedDevice.map({ ($0.id, $0.device.vhAddress, $0.device.visibleTo) })
            else { return [] }
            AdminKit.ask(
                AdminIntent("visibility", id) { answer, state in
                    switch UnitNames.resolve(answer, in: state.data.organisation) {
                    case .failure(let failure): return AdminKit.refuse(failure.message, &state)
                    case .success(let units): return AdminKit.run(.setVisibility(slave: onSlave, id, name: name, units), &state)
                    }
                },
                AdminText.visibilityTitle(name), [AdminText.visibilityHint],
                text: current.isEmpty ? "" : UnitNames.names(current, in: state.data.organisation, state.language), required: false, &state)
        case .tags:
            guard let device = state.selectedDevice else { return [] }
            let id = device.id
            AdminKit.ask(
                AdminIntent("tags", id) { answer, state in
                    let tags = answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
                    guard tags.allSatisfy(DeviceMatch.isTag) else { return AdminKit.refuse(AdminText.badTags(answer), &state) }
                    return AdminKit.run(.setTags(id, tags), &state)
                },
                AdminText.tagsTitle(device.device.vhAddress), [AdminText.tagsHint], text: device.device.tags.joined(separator: ", "),
                required: false, &state)
        default:
            break
        }
        return []
    }

    /// The fleet, or one slave with its devices.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        if let id = state.slaveDetail {
            detail(state, id, &buffer, top: top, bottom: bottom)
        } else {
            list(state, &buffer, top: top, bottom: bottom)
        }
    }

    private static func list(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        AdminKit.heading(AdminText.tabSlaves.text(in: language) + " (\(state.data.slaves.count))", &buffer, row: top)
        let rows = state.data.slaves.map { slave in
            [
                slave.name, AdminText.slaveStatus(slave.status).text(in: language), AdminFormat.age(slave.lastReportAt, now: state.now, language),
                slave.agentVersion, "\(slave.deviceCount)", AdminFormat.health(slave, language, compact: true),
            ]
        }
        let colors = state.data.slaves.map { slave -> Style.Color? in
            switch slave.status {
            case .online: nil
            case .offline: .red
            case .disabled: .yellow
            }
        }
        AdminKit.table(
            [
                (TerminalText.name, 14), (TerminalText.status, 8), (AdminText.lastReport, 11), (AdminText.version, 8), (AdminText.devices, 7),
                (AdminText.health, 0),
            ],
            rows, selected: state.data.slaves.isEmpty ? nil : state.selected(.slaves), language, &buffer, top: top + 1, bottom: bottom,
            empty: AdminText.noSlaves, color: { colors[$0] })
    }

    private static func detail(_ state: AdminState, _ id: UUID, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        guard let slave = state.data.slaves.first(where: { $0.id == id }) else { return }
        AdminKit.heading(AdminText.tabSlaves.text(in: language) + " › " + slave.name, &buffer, row: top)
        let facts: [(Message, String)] = [
            (
                TerminalText.status,
                AdminText.slaveStatus(slave.status).text(in: language) + " · " + AdminText.lastReport.text(in: language) + " "
                    + AdminFormat.age(slave.lastReportAt, now: state.now, language)
            ),
            (AdminText.host, slave.host + " · " + AdminText.hub.text(in: language) + " " + slave.hubAddress),
            (AdminText.version, slave.agentVersion + " · " + AdminFormat.health(slave, language)),
            (AdminText.visibleTo, UnitNames.names(slave.visibleTo, in: state.data.organisation, language)),
        ]
        for (index, fact) in facts.enumerated() {
            buffer.put(TextWidth.fit(fact.0.text(in: language), to: 12), row: top + 1 + index, column: 3, style: .faint)
            buffer.put(fact.1, row: top + 1 + index, column: 16, width: buffer.columns - 17)
        }
        let devices = state.devices(of: id)
        let rows = devices.map { view -> [String] in
            var status =
                !view.device.present ? AdminText.absent.text(in: language) : (view.heldBy ?? TerminalText.free.text(in: language))
            if view.waiting > 0 { status += " · " + Message("\(view.waiting) waiting", zh: "\(view.waiting) 人排队").text(in: language) }
            let tags = view.device.tags.isEmpty ? "" : " [" + view.device.tags.joined(separator: ",") + "]"
            let units =
                view.device.visibleTo.isEmpty ? "" : " {" + UnitNames.names(view.device.visibleTo, in: state.data.organisation, language) + "}"
            let nickname = (view.device.nickname ?? (tags.isEmpty && units.isEmpty ? "—" : "")) + tags + units
            return [view.device.vhAddress, nickname.trimmingCharacters(in: .whitespaces), view.device.product ?? "—", view.device.vidPid, status]
        }
        AdminKit.table(
            [
                (AdminText.device, 15), (AdminText.nickname, 16), (AdminText.product, 20), (Message("VID:PID", zh: "VID:PID"), 9),
                (AdminText.holder, 0),
            ],
            rows, selected: devices.isEmpty ? nil : state.selected(.slaveDevices), language, &buffer, top: top + 5, bottom: bottom,
            empty: AdminText.noDevices, color: { devices[$0].device.present ? (devices[$0].heldBy == nil ? nil : .yellow) : .red })
    }
}

extension AdminCommand {
    /// Issue a one-time enrolment token, for any name or for `slaveName`.
    static func issueToken(slaveName: String?) -> AdminCommand {
        AdminCommand("issueToken", [slaveName as Any]) { api -> AdminOutcome in
            .token(try await api.issueEnrolmentToken(slaveName: slaveName))
        } result: { _ in
            Message("Enrolment token issued.", zh: "已签发登记令牌。")
        }
    }

    /// Rename a slave.
    static func renameSlave(_ id: UUID, name: String) -> AdminCommand {
        AdminCommand("renameSlave", [id, name]) { api in
            _ = try await api.renameSlave(id, to: name)
        } result: { _ in
            Message("Slave renamed to \(name).", zh: "从设备已重命名为 \(name)。")
        }
    }

    /// Disable a slave, with a reason.
    static func disableSlave(_ id: UUID, reason: String) -> AdminCommand {
        AdminCommand("disableSlave", [id, reason]) { api in
            _ = try await api.disableSlave(id, reason: reason)
        } result: { state in
            let name = slaveName(id, state)
            return Message("Slave \(name) disabled.", zh: "从设备 \(name) 已停用。")
        }
    }

    /// Enable a disabled slave.
    static func enableSlave(_ id: UUID) -> AdminCommand {
        AdminCommand("enableSlave", [id]) { api in
            _ = try await api.enableSlave(id)
        } result: { state in
            let name = slaveName(id, state)
            return Message("Slave \(name) enabled; it comes back online with its next report.", zh: "从设备 \(name) 已启用，下次上报后恢复在线。")
        }
    }

    /// Remove a slave; `force` ends its active leases.
    static func removeSlave(_ id: UUID, force: Bool) -> AdminCommand {
        AdminCommand("removeSlave", [id, force]) { api in
            try await api.removeSlave(id, force: force)
        } result: { state in
            let name = slaveName(id, state)
            return Message("Slave \(name) removed.", zh: "从设备 \(name) 已删除。")
        }
    }

    /// Set a device's nickname, or clear it with `nil`.
    static func setNickname(_ id: UUID, nickname: String?) -> AdminCommand {
        AdminCommand("setNickname", [id, nickname as Any]) { api in
            _ = try await api.setNickname(id, to: nickname)
        } result: { state in
            let name = AdminKit.deviceName(id, state) ?? ""
            return Message("Nickname of \(name) saved.", zh: "\(name) 的别名已保存。")
        }
    }

    /// Set a device's maximum hold in seconds, or `nil` to follow the site's.
    static func setMaxHold(_ id: UUID, seconds: Int?) -> AdminCommand {
        AdminCommand("setMaxHold", [id, seconds as Any]) { api in
            _ = try await api.setMaxHold(id, seconds: seconds)
        } result: { state in
            let name = AdminKit.deviceName(id, state) ?? ""
            return Message("Maximum hold of \(name) saved.", zh: "\(name) 的最长占用时间已保存。")
        }
    }

    /// Replace a device's tags.
    static func setTags(_ id: UUID, _ tags: [String]) -> AdminCommand {
        AdminCommand("setTags", [id, tags]) { api in
            _ = try await api.setTags(id, tags)
        } result: { state in
            let name = AdminKit.deviceName(id, state) ?? ""
            return Message("Tags of \(name) saved.", zh: "\(name) 的标签已保存。")
        }
    }

    /// Restrict a slave or a device to org units; none opens it to everyone.
    static func setVisibility(slave: Bool, _ id: UUID, name: String, _ units: [UUID]) -> AdminCommand {
        AdminCommand("setVisibility", [slave, id, units]) { api in
            try await api.setVisibility(slave: slave, id, to: units, reason: nil)
        } result: { state in
            let who = UnitNames.names(units, in: state.data.organisation, state.language)
            guard !units.isEmpty else { return Message("\(name) is open to everyone again.", zh: "\(name) 已重新向所有人开放。") }
            return Message("\(name) is now for \(who).", zh: "\(name) 现仅对 \(who) 可见。")
        }
    }

    private static func slaveName(_ id: UUID, _ state: AdminState) -> String { state.data.slaves.first { $0.id == id }?.name ?? "" }
}
