import Foundation
import NcodCore
@testable import NcodTUI
import NcodTerminal
import NcodTestSupport
import Testing

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

    @Test("other screens", arguments: [Language.english, .simplifiedChinese])
    func screens(_ language: Language) throws {
        var login = TUIState(language: language, masterURL: "https://master.lan:8443", macs: ["02:00:00:00:00:a1"], username: "zhang.wei")
        login.login.password = "secret"
        login.login.field = .password
        try Self.assertSnapshot(login, "login-\(language.rawValue)")

        var pending = TUIState(language: language, masterURL: "https://master.lan:8443", macs: [])
        var profile = TUIFixtures.me
        profile.status = .pending
        _ = TUIReducer.reduce(&pending, .loggedIn(profile))
        try Self.assertSnapshot(pending, "pending-\(language.rawValue)")

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
