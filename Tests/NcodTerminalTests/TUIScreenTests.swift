import Foundation
import NcodCore
import NcodTerminal
import NcodTestSupport
import Testing

@testable import NcodTUI

/// Golden 80×24 screens, rendered headless, in English and Chinese; `RECORD_SNAPSHOTS=1` re-records them.
@Suite("ncod-tui screens")
struct TUIScreenTests {
    init() { TextWidth.prepareLocale() }

    static func assertSnapshot(_ state: TUIState, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Snapshot.check(TUIRenderer.render(state, rows: 24, columns: 80), name, sourceLocation: sourceLocation)
    }

    @Test("device list", arguments: [Language.english, .simplifiedChinese])
    func deviceList(_ language: Language) throws {
        var state = TUIFixtures.loggedIn(language)
        state.selectedID = TUIFixtures.id(13)
        try Self.assertSnapshot(state, "devices-\(language.rawValue)")
    }

    @Test(
        "a waiting list: the holder sees who waits, those in line their place, and the turn comes as a banner",
        arguments: [Language.english, .simplifiedChinese])
    func waitingList(_ language: Language) throws {
        var state = TUIFixtures.loggedIn(language)
        state.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        state.now = TUIFixtures.epoch
        let me = TUIFixtures.me.id
        let wait = { (user: UUID, device: Int, offered: Bool) in
            Wait(
                id: UUID(), userID: user, deviceID: TUIFixtures.id(device), match: nil, joinedAt: TUIFixtures.epoch,
                offeredDeviceID: offered ? TUIFixtures.id(device) : nil, offeredUntil: offered ? TUIFixtures.epoch.addingTimeInterval(120) : nil)
        }
        var devices = TUIFixtures.devices
        func line(_ index: Int, _ waits: [Wait], reservedFor: String? = nil) {
            let old = devices[index]
            let holder = old.heldBy
            var view = DeviceView(
                device: old.device, slave: TUIFixtures.slave(1, "sh-lab-01", .online), caller: me, line: waits, reservedFor: reservedFor)
            view.heldBy = holder
            view.heldByMe = old.heldByMe
            devices[index] = view
        }
        line(1, [wait(UUID(), 12, false), wait(me, 12, false)])  // held by 李娜: I am second
        line(2, [wait(UUID(), 13, false)])  // mine: one waits
        line(0, [wait(me, 11, true)], reservedFor: TUIFixtures.me.displayName)  // my turn
        _ = TUIReducer.reduce(&state, .devicesLoaded(devices))
        let effects = TUIReducer.reduce(&state, .turn(deviceID: TUIFixtures.id(11), until: TUIFixtures.epoch.addingTimeInterval(120)))
        #expect(effects.contains(.bell) && state.selectedID == TUIFixtures.id(11), "the bell rings and the cursor is on it")
        try Self.assertSnapshot(state, "waiting-list-\(language.rawValue)")
        let screen = TUIRenderer.render(state, rows: 24, columns: 80).lines.joined(separator: "\n")
        #expect(screen.contains(language == .english ? "Your turn: TIA Portal 许可证 is kept for you until" : "轮到您了：TIA Portal 许可证 为您保留至"))
        #expect(screen.contains(language == .english ? "in use by 李娜 · #2 of 2" : "李娜 在用 · 排第 2/2"))
        #expect(screen.contains(language == .english ? "mine · 1 waiting" : "我在用 · 1 人排队"))
    }

    @Test("Chinese names line up: every status column starts at the same display column")
    func columnsAlign() {
        let state = TUIFixtures.loggedIn(.simplifiedChinese)
        let screen = TUIRenderer.render(state, rows: 24, columns: 80)
        let widths = TUIRenderer.layout(columns: 80)
        let statusColumn: Int = 2 + widths.name + 1 + widths.vidPid + 1 + widths.serial + 1
        let deviceRows = (0..<24).filter { row in
            screen.text(row: row).contains("064f:") || screen.text(row: row).contains("0908:") || screen.text(row: row).contains("0403:")
        }
        #expect(deviceRows.count == 3)
        for row in deviceRows {
            let before = (0..<statusColumn).map { screen[row, $0].text }.joined()
            #expect(TextWidth.columns(before) == statusColumn, "row \(row): \(screen.text(row: row))")
        }
    }

    @Test(
        "every standing screen, whole: waiting (account, computer, new key) and refused (rejected, disabled, computer)",
        arguments: [Language.english, .simplifiedChinese])
    func standingScreens(_ language: Language) throws {
        let kinds: [(StandingKind, String)] = [
            (.accountWaiting, "account-waiting"), (.computerWaiting, "computer-waiting"), (.newKeyWaiting, "new-key"),
            (.accountRejected("请用公司邮箱注册"), "rejected"), (.accountDisabled("left the company"), "disabled"),
            (.computerRefused("not a company laptop"), "computer-refused"),
        ]
        for (kind, name) in kinds {
            var state = TUIState(language: language, masterURL: "https://master.lan:8443", macs: ["3c:22:fb:00:00:01", "3c:22:fb:00:00:02"])
            state.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            state.login.username = "wang.fang"
            state.login.password = "secret-1"
            state.hostname = "laptop-wf"
            state.fingerprint = "SHA256:Xq3mN0c1u7KpVvT2yB8hLwZr5eJfA9dGsQ4iRo6CnMk"
            _ = TUIReducer.reduce(&state, .loginRefused(code: "machine_not_bound", reason: nil))
            state.screen = .standing(kind)
            state.checkedAt = Date(timeIntervalSince1970: 1_800_000_000)
            try Self.assertSnapshot(state, "standing-\(name)-\(language.rawValue)")
            // Nothing is cut: every word of the explanation and the key's whole fingerprint are on the screen.
            let screen = TUIRenderer.render(state, rows: 24, columns: 80)
            let shown = (0..<24).map { screen.text(row: $0) }.joined().filter { !$0.isWhitespace }
            let text = TUIText.standingText(kind).text(in: language).filter { !$0.isWhitespace }
            #expect(shown.contains(text), "\(name): the explanation is whole")
            #expect(shown.contains(state.fingerprint) && shown.contains("laptop-wf"))
            let footer = screen.text(row: 23)
            #expect(footer.contains("?") && footer.contains("q "), "\(name): ? and q stay in the footer: \(footer)")
        }
    }

    @Test("other screens", arguments: [Language.english, .simplifiedChinese])
    func screens(_ language: Language) throws {
        var login = TUIState(language: language, masterURL: "https://master.lan:8443", macs: ["02:00:00:00:00:a1"], username: "zhang.wei")
        login.login.password = "secret"
        login.login.field = .password
        try Self.assertSnapshot(login, "login-\(language.rawValue)")

        var details = TUIFixtures.loggedIn(language)
        details.screen = .details(TUIFixtures.id(12))
        try Self.assertSnapshot(details, "details-\(language.rawValue)")

        var help = TUIFixtures.loggedIn(language)
        help.showingHelp = true
        try Self.assertSnapshot(help, "help-\(language.rawValue)")

        var quitting = TUIFixtures.loggedIn(language)
        quitting.connectionLost = true
        quitting.askingToQuit = true
        try Self.assertSnapshot(quitting, "quit-offline-\(language.rawValue)")

        var keeping = TUIFixtures.loggedIn(language)
        keeping.keepUntil = "90m"
        keeping.status = .init(TUIText.badEnd("soon").text(in: language), isError: true)
        try Self.assertSnapshot(keeping, "keep-until-\(language.rawValue)")

        // Someone else's device, held since and until a time, with their department and how to reach them.
        var held = TUIFixtures.loggedIn(language)
        held.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        held.now = Date(timeIntervalSince1970: 1_800_000_000)
        let other = try #require(held.devices.firstIndex { $0.heldBy != nil && !$0.heldByMe })
        held.devices[other].heldSince = held.now.addingTimeInterval(-2_880)
        held.devices[other].heldUntil = held.now.addingTimeInterval(10_800)
        held.devices[other].holderUnit = "地铁项目部"
        held.devices[other].holderContact = "li.na@example.com"
        held.screen = .details(held.devices[other].id)
        try Self.assertSnapshot(held, "details-held-\(language.rawValue)")
    }
}
