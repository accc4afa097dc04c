import Foundation
import NcodCore
import NcodTerminal
import Testing

@testable import NcodAdmin

/// ncod-admin's golden 80×24 screens, rendered headless, in English and Chinese; `RECORD_SNAPSHOTS=1` re-records them.
@Suite("ncod-admin screens")
struct AdminScreenTests {
    init() { TextWidth.prepareLocale() }

    static func check(_ state: AdminState, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Snapshot.check(
            AdminRenderer.render(state, rows: 24, columns: 80), "admin-\(name)-\(state.language.rawValue)", sourceLocation: sourceLocation)
    }

    static func pressing(_ state: AdminState, _ keys: Key...) -> AdminState {
        var state = state
        for key in keys { _ = AdminReducer.reduce(&state, .key(key)) }
        return state
    }

    @Test("every section", arguments: [Language.english, .simplifiedChinese])
    func sections(_ language: Language) throws {
        var login = AdminState(language: language, masterURL: "https://master.lan:8443", username: "root")
        login.login.password = "secret"
        login.login.field = .password
        login.status = StatusLine(language == .english ? "This console is for administrators." : "此控制台仅供管理员使用。", isError: true)
        try Self.check(login, "login")

        let home = AdminFixtures.loggedIn(language)
        try Self.check(home, "dashboard")
        try Self.check(Self.pressing(home, .character("2"), .down), "slaves")
        try Self.check(Self.pressing(home, .character("2"), .enter, .down), "slave-details")
        try Self.check(Self.pressing(home, .character("3")), "requests")
        try Self.check(Self.pressing(home, .character("3"), .right), "accounts")
        try Self.check(Self.pressing(home, .character("3"), .right, .right), "computers")
        try Self.check(Self.pressing(home, .character("4"), .down, .down), "organisation")
        try Self.check(Self.pressing(home, .character("5")), "leases")
        var audit = Self.pressing(home, .character("6"))
        audit.auditQuery.person = "zhang.wei"
        audit.auditQuery.action = "lease."
        try Self.check(audit, "audit")
        var reports = Self.pressing(home, .character("7"))
        let request = try #require(reports.reportRequest)
        _ = AdminReducer.reduce(&reports, .reportLoaded(request, AdminFixtures.report(request)))
        try Self.check(reports, "reports")
        var lost = home
        lost.connectionLost = true
        try Self.check(lost, "disconnected")
    }

    @Test("questions, notices and help", arguments: [Language.english, .simplifiedChinese])
    func boxes(_ language: Language) throws {
        let home = AdminFixtures.loggedIn(language)
        try Self.check(Self.pressing(home, .character("2"), .character("X")), "confirm-remove")
        try Self.check(Self.pressing(home, .character("2"), .character("d")), "disable-reason")
        try Self.check(Self.pressing(home, .character("3"), .character("a")), "approve-choice")
        try Self.check(Self.pressing(home, .character("3"), .character("a"), .enter), "approve-department")
        try Self.check(Self.pressing(home, .character("3"), .down, .character("a")), "approve-computer")
        try Self.check(Self.pressing(home, .character("3"), .down, .down, .down), "request-new-key")
        try Self.check(Self.pressing(home, .character("2"), .character("?")), "help")
        var notice = Self.pressing(home, .character("2"))
        let issued = EnrolmentTokenIssued(
            token: "Zq7B0x3cM9vT2wQ8rK5nH1yL6pD4sF0aJ3uE7gC2iXo", expiresAt: AdminFixtures.now.addingTimeInterval(86_400),
            command:
                "sudo ncod-slaved enrol --master https://master.lan:8443 --ca-fingerprint 3fa1097c2b44d86e910a55c37e12b9f06d28a4e7135c9b02f861d43a87c50eb6 --token Zq7B0x3cM9vT2wQ8rK5nH1yL6pD4sF0aJ3uE7gC2iXo --name box9",
            nextSteps: EnrolmentTokenIssued.standardNextSteps
        )
        _ = AdminReducer.reduce(&notice, .done(.issueToken(slaveName: "box9"), .token(issued)))
        try Self.check(notice, "enrolment-token")
    }

    @Test("the enrolment command wraps with shell continuations, so a copied block still runs")
    func commandWraps() {
        let command =
            "sudo ncod-slaved enrol --master https://master.lan:8443 --ca /etc/ncod/ca.pem --token Zq7B0x3cM9vT2wQ8rK5nH1yL6pD4sF0aJ3uE7gC2iXo --name box9"
        let lines = AdminRenderer.shellWrap(command, width: 60)
        #expect(lines.count > 1)
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix(" \\") && TextWidth.columns($0) <= 60 })
        let rejoined = lines.map { $0.hasSuffix(" \\") ? String($0.dropLast(2)) : $0 }.map { $0.trimmingCharacters(in: CharacterSet.whitespaces) }
        #expect(rejoined.joined(separator: " ") == command)
    }
}
