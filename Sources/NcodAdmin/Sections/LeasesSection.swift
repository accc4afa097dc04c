import Foundation
import NcodClient
import NcodCore
import NcodTerminal

extension AdminState.Tab {
    /// Active leases.
    public static let leases = Self("leases")
}

extension AdminState.List {
    /// Active leases.
    public static let leases = Self(.leases, "leases")
}

extension AdminState {
    /// The selected lease.
    public var selectedLease: LeaseView? { pick(data.leases, .leases) }
}

/// The leases section: who holds which device since when and until when, and taking one back with a reason.
enum LeasesSection: AdminSection {
    /// Its tab.
    static let tab = AdminState.Tab.leases
    /// Its name in the tab bar.
    static let title = AdminText.tabLeases

    /// Force-release.
    static func bindings(_ state: AdminState) -> [KeyBinding<AdminKeyAction>] {
        [KeyBinding([.character("f")], AdminText.keyForceRelease, .forceRelease, destructive: true)]
    }

    /// The leases.
    static func activeList(_ state: AdminState) -> AdminState.List? { .leases }

    /// Every active lease.
    static func ids(_ list: AdminState.List, _ state: AdminState) -> [UUID] { state.data.leases.map(\.id) }

    /// Takes the selected lease back, once a reason is given.
    static func act(_ command: AdminKeyAction, _ state: inout AdminState) -> [AdminEffect] {
        guard command == .forceRelease, let lease = state.selectedLease else { return [] }
        let id = lease.id
        let device = AdminKit.deviceName(lease.deviceID, state) ?? lease.vhAddress
        AdminKit.ask(
            AdminIntent("forceRelease", id) { answer, state in AdminKit.run(.forceRelease(id, reason: answer), &state) },
            AdminText.forceTitle(device, lease.displayName), [AdminText.forceText, AdminText.reasonPrompt], &state)
        return []
    }

    /// Every active lease.
    static func render(_ state: AdminState, _ buffer: inout ScreenBuffer, top: Int, bottom: Int) {
        let language = state.language
        AdminKit.heading(AdminText.tabLeases.text(in: language) + " (\(state.data.leases.count))", &buffer, row: top)
        let names = Dictionary(
            state.data.devices.map { ($0.id, $0.device.nickname ?? $0.device.product ?? $0.device.vidPid) }, uniquingKeysWith: { a, _ in a })
        AdminKit.table(
            [
                (AdminText.device, 20), (Message("VirtualHere", zh: "VirtualHere"), 15), (AdminText.holder, 18), (AdminText.age, 9),
                (AdminText.expires, 0),
            ],
            state.data.leases.map {
                [
                    names[$0.deviceID] ?? "—", $0.vhAddress, "\($0.displayName) (\($0.username))",
                    AdminFormat.age($0.startedAt, now: state.now, language),
                    // A timed hold, or a lease with a maximum, ends at its end; any other at its renewal deadline.
                    AdminFormat.clock($0.endsAt ?? $0.expiresAt, state.timeZone),
                ]
            }, selected: state.data.leases.isEmpty ? nil : state.selected(.leases), language, &buffer, top: top + 1, bottom: bottom,
            empty: AdminText.noLeases)
    }
}

extension AdminCommand {
    /// End a lease, telling its holder why.
    static func forceRelease(_ id: UUID, reason: String) -> AdminCommand {
        AdminCommand("forceRelease", [id, reason]) { api in
            try await api.forceRelease(id, reason: reason)
        } result: { state in
            let subject =
                state.data.leases.first { $0.id == id }.map { "\(AdminKit.deviceName($0.deviceID, state) ?? $0.vhAddress) · \($0.displayName)" }
                ?? ""
            return Message("Lease ended: \(subject). The holder has been told.", zh: "占用已结束：\(subject)。已通知使用者。")
        }
    }
}
