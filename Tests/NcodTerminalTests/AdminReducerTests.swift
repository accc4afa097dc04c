import Foundation
import NcodClient
import NcodCore
import NcodTerminal
import Testing

@testable import NcodAdmin

/// ncod-admin's reducer: keys and answers in, state and effects out, no I/O.
@Suite("ncod-admin reduce")
struct AdminReducerTests {
    init() { TextWidth.prepareLocale() }

    typealias F = AdminFixtures

    @discardableResult
    static func send(_ state: inout AdminState, _ keys: Key...) -> [AdminEffect] {
        keys.flatMap { AdminReducer.reduce(&state, .key($0)) }
    }

    @discardableResult
    static func type(_ state: inout AdminState, _ text: String) -> [AdminEffect] {
        text.flatMap { AdminReducer.reduce(&state, .key(.character($0))) }
    }

    static func modalText(_ state: AdminState) -> String {
        switch state.modal {
        case .input(_, let title, let lines, let text, _): ([title] + lines + [text]).joined(separator: "\n")
        case .choice(_, let title, let options, _): ([title] + options.map(\.label)).joined(separator: "\n")
        case .confirm(_, let title, let lines): ([title] + lines).joined(separator: "\n")
        case .notice(let title, let lines): ([title] + lines).joined(separator: "\n")
        case nil: ""
        }
    }

    @Test("login: the form logs in as the admin console; a user account's refusal is shown in words; then everything loads")
    func login() {
        var state = AdminState(language: .english, masterURL: "https://m")
        Self.type(&state, "root")
        #expect(Self.send(&state, .enter).isEmpty && state.login.field == .password)
        Self.type(&state, "pw")
        #expect(Self.send(&state, .enter) == [.login(username: "root", password: "pw")])
        let refusal = AdminErrors.describe(
            APIErrorFixture.problem(code: "admin_only", detail: "the admin console is for administrators"), .simplifiedChinese)
        #expect(refusal == "此控制台仅供管理员使用。使用设备请运行 ncod-tui。")
        _ = AdminReducer.reduce(&state, .failed(refusal))
        #expect(state.profile == nil && state.status?.isError == true)
        let effects = AdminReducer.reduce(&state, .loggedIn(F.root.1))
        #expect(effects == [.reload, .loadAudit(AuditQuery(limit: AdminState.auditPageSize)), .followEvents])
        #expect(state.login.password.isEmpty && state.tab == .dashboard)
        #expect(AdminReducer.reduce(&state, .changed) == [.reload])
        _ = AdminReducer.reduce(&state, .connection(lost: true))
        #expect(state.connectionLost)
        #expect(AdminReducer.reduce(&state, .connection(lost: false)).contains(.reload))
        _ = AdminReducer.reduce(&state, .tick(F.now))
        #expect(state.now == F.now)
        // Heartbeats send no event: where the slaves' ages show, the console asks again every 5 s; elsewhere it waits for news.
        _ = AdminReducer.reduce(&state, .loaded(F.snapshot))
        #expect(AdminReducer.reduce(&state, .tick(F.now.addingTimeInterval(4))).isEmpty)
        #expect(AdminReducer.reduce(&state, .tick(F.now.addingTimeInterval(5))) == [.reload])
        Self.send(&state, .character("5"))
        #expect(AdminReducer.reduce(&state, .tick(F.now.addingTimeInterval(60))).isEmpty, "the leases section follows the news")
        #expect(Self.send(&state, .character("q")) == [.quit] && state.finished)
    }

    @Test("refused after login (demoted, disabled): everything shown goes, late answers and news change nothing, only q is left")
    func refusedMidSession() throws {
        var state = AdminState(language: .simplifiedChinese, masterURL: "https://m")
        _ = AdminReducer.reduce(&state, .loggedIn(F.root.1))
        _ = AdminReducer.reduce(&state, .loaded(F.snapshot))
        Self.send(&state, .character("3"))
        #expect(
            AdminRenderer.render(state, rows: 24, columns: 80).lines.joined(separator: "\n").contains("王芳"),
            "the check must see the data where it shows")
        _ = AdminReducer.reduce(&state, .refused(try #require(AdminRefusal(code: "account_disabled", reason: "调岗"))))
        #expect(state.data == AdminSnapshot.empty && state.audit == nil && state.modal == nil)
        // What arrives late, and the keys that would act, do nothing.
        for action: AdminAction in [.loaded(F.snapshot), .changed, .tick(F.now), .connection(lost: false), .failed("x")] {
            #expect(AdminReducer.reduce(&state, action).isEmpty)
        }
        #expect(Self.send(&state, .character("a"), .character("3"), .tab, .enter, .character("?")).isEmpty)
        #expect(state.data == AdminSnapshot.empty && !state.showingHelp)
        let screen = AdminRenderer.render(state, rows: 24, columns: 80).lines.joined(separator: "\n")
        #expect(screen.contains("账号已停用") && screen.contains("原因：调岗") && screen.contains("q 退出"))
        #expect(!screen.contains("王芳") && !screen.contains("+86") && !screen.contains("1-7/Tab"))
        #expect(Self.send(&state, .character("q")) == [.quit] && state.finished)

        var demoted = AdminState(language: .english, masterURL: "https://m")
        _ = AdminReducer.reduce(&demoted, .loggedIn(F.root.1))
        _ = AdminReducer.reduce(&demoted, .refused(try #require(AdminRefusal(code: "admin_only", reason: nil))))
        let english = AdminRenderer.render(demoted, rows: 24, columns: 80).lines.joined(separator: "\n")
        #expect(english.contains("No longer an administrator") && english.contains("Use ncod-tui to use devices."))
        #expect(Self.send(&demoted, .control("c")) == [.quit])
        #expect(AdminRefusal(code: "not_found", reason: nil) == nil, "a refused command is not a refused session")
    }

    @Test("sections: digits and Tab switch; the audit log reloads when shown and follows the news only on its first page")
    func tabs() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("2"))
        #expect(state.tab == .slaves)
        Self.send(&state, .tab, .tab)
        #expect(state.tab == .organisation)
        #expect(Self.send(&state, .backTab, .backTab, .backTab) == [])
        #expect(state.tab == .dashboard)
        #expect(state.tab == .dashboard)
        if case .loadReport = Self.send(&state, .backTab).first {} else { Issue.record("the reports ask for their figures when shown") }
        #expect(state.tab == .reports, "the last tab")
        #expect(Self.send(&state, .backTab) == [.loadAudit(state.auditQuery)] && state.tab == .audit)
        #expect(AdminReducer.reduce(&state, .changed) == [.reload, .loadAudit(state.auditQuery)])
        Self.send(&state, .character("n"))
        #expect(AdminReducer.reduce(&state, .changed) == [.reload], "a later page stays still")
        Self.send(&state, .character("?"))
        #expect(state.showingHelp)
        Self.send(&state, .character("x"))
        #expect(!state.showingHelp && state.auditQuery.offset == 100, "a key closes the help and does nothing else")
    }

    @Test("slaves: enrol a new one and see the command; disable needs a reason; remove with leases says what happens and forces")
    func slaves() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("2"), .character("a"))
        Self.type(&state, "box9")
        #expect(Self.send(&state, .enter) == [.run(.issueToken(slaveName: "box9"))])
        #expect(state.status?.isProgress == true)
        let issued = EnrolmentTokenIssued(
            token: "tok-123", expiresAt: F.now.addingTimeInterval(86_400),
            command: "sudo ncod-slaved enrol --master https://master.lan:8443 --ca /etc/ncod/ca.pem --token tok-123 --name box9")
        #expect(AdminReducer.reduce(&state, .done(.issueToken(slaveName: "box9"), .token(issued))) == [.reload, .loadAudit(state.auditQuery)])
        #expect(Self.modalText(state).contains(issued.command))
        #expect(Self.modalText(state).contains("2026-09-22 15:13"), "the expiry in the console's time zone")
        Self.send(&state, .character("z"))
        #expect(state.modal == nil)

        // Disable sh-lab-01: it holds two leases; a blank reason is refused.
        Self.send(&state, .character("d"))
        #expect(Self.modalText(state).contains("Its 2 active lease(s) end now"))
        #expect(Self.send(&state, .enter).isEmpty && state.modal != nil && state.status?.isError == true)
        Self.type(&state, "moving to the new lab")
        #expect(Self.send(&state, .enter) == [.run(.disableSlave(F.lab.id, reason: "moving to the new lab"))])
        #expect(Self.send(&state, .character("e")).isEmpty)
        #expect(state.status?.text == "sh-lab-01 is not disabled.")

        // Remove: leases are named and the answer forces; n keeps it.
        Self.send(&state, .character("X"))
        #expect(Self.modalText(state).contains("It has 2 active lease(s): 张伟, 李娜."))
        #expect(Self.send(&state, .character("n")).isEmpty && state.modal == nil)
        Self.send(&state, .delete)
        #expect(Self.send(&state, .character("y")) == [.run(.removeSlave(F.lab.id, force: true))])
        // The disabled spare has no leases: a plain confirmation; e enables it.
        Self.send(&state, .end, .character("X"))
        #expect(Self.send(&state, .character("y")) == [.run(.removeSlave(F.spare.id, force: false))])
        #expect(Self.send(&state, .character("e")) == [.run(.enableSlave(F.spare.id))])
        #expect(AdminReducer.reduce(&state, .done(.enableSlave(F.spare.id), .done)).contains(.reload))
        #expect(state.status?.text.hasPrefix("Slave spare-03 enabled") == true)
        Self.send(&state, .character("r"))
        #expect(Self.modalText(state).hasSuffix("spare-03"), "rename starts from the current name")
        Self.send(&state, .backspace, .backspace)
        Self.type(&state, "b")
        #expect(Self.send(&state, .enter) == [.run(.renameSlave(F.spare.id, name: "spare-b"))])
    }

    @Test("reports: 7 asks for this month by org unit; p and g ask again for another period or grouping; a late answer is dropped")
    func reports() {
        var state = F.loggedIn(.english)
        let first = Self.send(&state, .character("7"))
        guard case .loadReport(let request) = first.first else { Issue.record("no report asked: \(first)"); return }
        #expect(request.by == .unit && ["GMT", "UTC"].contains(request.timeZone))
        #expect(AdminFormat.time(request.from, state.timeZone).hasPrefix("2026-09-01"), "this month, from the first")
        let next = Self.send(&state, .character("p"))
        guard case .loadReport(let lastMonth) = next.first else { Issue.record("no report asked: \(next)"); return }
        #expect(AdminFormat.time(lastMonth.from, state.timeZone).hasPrefix("2026-08-01") && lastMonth.to == request.from)
        _ = AdminReducer.reduce(&state, .reportLoaded(request, F.report(request)))
        #expect(state.report == nil, "the answer to the earlier choice is dropped")
        _ = AdminReducer.reduce(&state, .reportLoaded(lastMonth, F.report(lastMonth)))
        #expect(state.report?.rows.count == 4)
        let grouped = Self.send(&state, .character("g"))
        guard case .loadReport(let byDevice) = grouped.first else { Issue.record("no report asked: \(grouped)"); return }
        #expect(byDevice.by == .device && state.report == nil)
    }

    @Test("slave details: the devices of that slave; nickname set and cleared")
    func slaveDetails() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("2"), .enter)
        #expect(state.slaveDetail == F.lab.id)
        #expect(state.devices(of: F.lab.id).map(\.device.vhAddress) == ["sh-lab-01.111", "sh-lab-01.112", "sh-lab-01.113", "sh-lab-01.114"])
        Self.send(&state, .down, .down, .down, .character("n"))
        #expect(Self.modalText(state).hasSuffix("PLC 编程电缆"))
        for _ in 0..<20 { Self.send(&state, .backspace) }
        #expect(Self.send(&state, .enter) == [.run(.setNickname(F.id(14), nickname: nil))], "an empty nickname clears it")
        Self.send(&state, .character("n"))
        Self.type(&state, " 3号线 ")
        #expect(Self.send(&state, .enter) == [.run(.setNickname(F.id(14), nickname: "PLC 编程电缆 3号线"))])
        // The device's maximum hold: a duration, checked before it goes; empty follows the site's.
        Self.send(&state, .character("h"))
        Self.type(&state, "soon")
        #expect(Self.send(&state, .enter).isEmpty && state.status?.isError == true, "not a duration: said, nothing sent")
        Self.send(&state, .character("h"))
        Self.type(&state, "8h")
        #expect(Self.send(&state, .enter) == [.run(.setMaxHold(F.id(14), seconds: 8 * 3600))])
        Self.send(&state, .character("h"))
        #expect(Self.send(&state, .enter) == [.run(.setMaxHold(F.id(14), seconds: nil))], "empty follows the site's maximum")
        // Tags, for pools: comma-separated, lower case, checked before they go; empty clears them.
        Self.send(&state, .character("t"))
        Self.type(&state, "two words")
        #expect(Self.send(&state, .enter).isEmpty && state.status?.isError == true, "not a tag: said, nothing sent")
        Self.send(&state, .character("t"))
        Self.type(&state, "ST-Link, swd")
        #expect(Self.send(&state, .enter) == [.run(.setTags(F.id(14), ["st-link", "swd"]))])
        Self.send(&state, .character("t"))
        #expect(Self.send(&state, .enter) == [.run(.setTags(F.id(14), []))], "empty clears them")
        // Who may use it: org units by name (or path), checked against the tree before anything goes; empty opens it again.
        Self.send(&state, .character("v"))
        Self.type(&state, "地铁14号线项目部, Nowhere")
        #expect(Self.send(&state, .enter).isEmpty && state.status?.text.contains("'Nowhere'") == true, "an unknown unit: said, nothing sent")
        Self.send(&state, .character("v"))
        Self.type(&state, "地铁14号线项目部, acme industrial")
        #expect(
            Self.send(&state, .enter) == [.run(.setVisibility(slave: false, F.id(14), name: "sh-lab-01.114", [F.metro.id, F.acme.id]))])
        Self.send(&state, .escape)
        #expect(state.slaveDetail == nil && state.tab == .slaves)
    }

    @Test("people: a request's person and computer approved together or apart, named before it goes; rejected with a reason; accounts; computers")
    func people() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("3"))
        #expect(state.requests.map(\.person.username) == ["wang.fang", "li.na", "zhao.lei", "zhang.wei"], "oldest request first")
        // A new person with a computer: both, or each alone; then the department, the one they asked for preselected.
        Self.send(&state, .character("a"))
        guard case .choice(_, let title, let parts, _) = state.modal else {
            Issue.record("approving asks what to approve")
            return
        }
        #expect(title.contains("王芳 (wang.fang)") && parts.map(\.value) == ["both", "person", "computer"])
        #expect(parts[0].label.contains("laptop-wf (3c:22:fb:00:00:01 +1)"))
        Self.send(&state, .enter)
        guard case .choice(_, _, let options, let index) = state.modal else {
            Issue.record("approving a new person asks for the department")
            return
        }
        #expect(options[index].value == F.port.id.uuidString, "the department they asked for is preselected")
        #expect(options.count == 3)
        Self.send(&state, .up)
        #expect(Self.send(&state, .enter) == [.run(.approveRequest(F.id(611), part: .both, orgUnitID: F.metro.id))])
        // A known person's new computer: confirmed with the names and the key, y sends it, n does not.
        Self.send(&state, .down, .character("a"))
        guard case .confirm(_, let confirmTitle, let lines) = state.modal else {
            Issue.record("approving a computer asks first")
            return
        }
        #expect(confirmTitle.contains("李娜 (li.na)") && lines[0].contains("pc-lina") && lines[0].contains("SHA256:bT7uP2wQ9mZ4kLx"))
        #expect(Self.send(&state, .character("n")).isEmpty && state.modal == nil)
        Self.send(&state, .character("a"))
        #expect(Self.send(&state, .character("y")) == [.run(.approveRequest(F.id(601), part: .computer, orgUnitID: nil))])
        // A person without a computer yet is rejected alone, with a reason.
        Self.send(&state, .down, .character("x"))
        Self.type(&state, "not an employee")
        #expect(Self.send(&state, .enter) == [.run(.rejectRequest(F.zhao.0.id, part: .person, reason: "not an employee"))])

        // Accounts: search, enable the disabled one, reset a password, change a role.
        Self.send(&state, .right, .character("/"))
        Self.type(&state, "schmidt")
        Self.send(&state, .enter)
        #expect(state.visibleUsers.map(\.username) == ["anna.schmidt"])
        #expect(Self.send(&state, .character("d")).isEmpty && state.status?.isError == true, "already disabled")
        #expect(Self.send(&state, .character("e")) == [.run(.enableUser(F.anna.0.id))])
        Self.send(&state, .character("p"))
        #expect(Self.send(&state, .character("y")) == [.run(.resetPassword(F.anna.0.id))])
        _ = AdminReducer.reduce(&state, .done(.resetPassword(F.anna.0.id), .temporaryPassword("Tmp-4821-xyz")))
        #expect(Self.modalText(state).contains("Tmp-4821-xyz"))
        Self.send(&state, .enter, .character("r"), .down)
        #expect(Self.send(&state, .enter) == [.run(.updateUser(F.anna.0.id, UserPatch(role: .admin)))])
        Self.send(&state, .character("/"), .escape)
        #expect(state.visibleUsers.count == 4 && state.search.isEmpty)
        Self.send(&state, .home, .character("d"))
        #expect(state.selectedUser?.username == "root")
        #expect(state.status?.text == "You cannot disable your own account.")

        // Computers: a waiting one can be rejected as well as approved; an approved one can be revoked.
        Self.send(&state, .right)
        #expect(state.machines.map(\.status) == [.pending, .approved])
        #expect(Self.send(&state, .character("x")).isEmpty && Self.modalText(state).contains("Reject computer 02:00:00:00:00:b2"))
        Self.type(&state, "not a company laptop")
        #expect(Self.send(&state, .enter) == [.run(.revokeBinding(F.id(601), reason: "not a company laptop"))])
        #expect(Self.send(&state, .character("a")).isEmpty && Self.modalText(state).contains("李娜 (li.na)"), "approving names the person first")
        #expect(Self.send(&state, .character("y")) == [.run(.approveBinding(F.id(601)))])
        Self.send(&state, .down, .character("x"))
        Self.type(&state, "laptop stolen")
        #expect(Self.send(&state, .enter) == [.run(.revokeBinding(F.id(602), reason: "laptop stolen"))])
    }

    @Test("organisation: add at the right level, move under another company, remove with confirmation")
    func organisation() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("4"))
        #expect(state.units.map(\.depth) == [0, 1, 2, 2, 0, 1, 2])
        Self.send(&state, .character("a"))
        Self.type(&state, "北京分公司")
        #expect(Self.send(&state, .enter) == [.run(.createUnit(OrgUnitChange(name: "北京分公司", kind: .company, parentID: F.organisation.id)))])
        Self.send(&state, .character("A"))
        Self.type(&state, "Globex")
        #expect(Self.send(&state, .enter) == [.run(.createUnit(OrgUnitChange(name: "Globex", kind: .organisation, parentID: nil)))])
        Self.send(&state, .down, .down, .character("a"))
        #expect(state.modal == nil && state.status?.text == "A project department has no units under it.")
        Self.send(&state, .character("m"))
        guard case .choice(_, _, let options, _) = state.modal else {
            Issue.record("moving asks where to")
            return
        }
        #expect(options.map(\.label) == ["Acme Industrial / Acme Controls GmbH"], "only companies, not the one it is in")
        #expect(Self.send(&state, .enter) == [.run(.updateUnit(F.metro.id, OrgUnitChange(parentID: F.controls.id)))])
        Self.send(&state, .home, .character("m"))
        #expect(state.status?.text == "An organisation is at the top; it cannot move.")
        Self.send(&state, .character("r"), .backspace)
        #expect(Self.send(&state, .escape).isEmpty && state.modal == nil, "Esc cancels")
        Self.send(&state, .end, .character("X"))
        #expect(Self.modalText(state).contains("Line 3 Retrofit"))
        #expect(Self.send(&state, .character("y")) == [.run(.deleteUnit(F.retrofit.id))])
    }

    @Test("leases: force-release asks why, names the device and its holder")
    func leases() {
        var state = F.loggedIn(.simplifiedChinese)
        Self.send(&state, .character("5"), .down, .character("f"))
        #expect(Self.modalText(state).contains("收回 张伟 占用的 J-Link 调试器"))
        Self.type(&state, "下班未释放")
        #expect(Self.send(&state, .enter) == [.run(.forceRelease(F.id(702), reason: "下班未释放"))])
        _ = AdminReducer.reduce(&state, .done(.forceRelease(F.id(702), reason: "下班未释放"), .done))
        #expect(state.status?.text == "占用已结束：J-Link 调试器 · 张伟。已通知使用者。")
    }

    @Test("audit: filters by person, device, slave, action and time; pages; shows one event whole")
    func audit() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("6"), .character("p"))
        Self.type(&state, "zhang.wei")
        var expected = AuditQuery(person: "zhang.wei", limit: AdminState.auditPageSize)
        #expect(Self.send(&state, .enter) == [.loadAudit(expected)])
        Self.send(&state, .character("c"))
        Self.type(&state, "lease.")
        expected.action = "lease."
        #expect(Self.send(&state, .enter) == [.loadAudit(expected)])
        Self.send(&state, .character("t"))
        Self.type(&state, "2026-09-21 13:00")
        expected.since = Date(timeIntervalSince1970: 1_789_995_600)
        #expect(Self.send(&state, .enter) == [.loadAudit(expected)])
        Self.send(&state, .character("u"))
        Self.type(&state, "yesterday")
        #expect(Self.send(&state, .enter).isEmpty)
        #expect(state.status?.text.hasPrefix("'yesterday' is not a time") == true)
        #expect(state.audit == nil, "no rows under filters they do not match while the page loads")
        #expect(Self.send(&state, .character("n")).isEmpty, "no paging before the page is there")
        _ = AdminReducer.reduce(&state, .auditLoaded(state.auditQuery, F.auditPage))
        #expect(
            Self.send(&state, .character("n")) == [
                .loadAudit(AuditQuery(person: "zhang.wei", action: "lease.", since: expected.since, offset: 100, limit: 100))
            ])
        let stale = AuditPage(events: [], total: 9, offset: 0)
        _ = AdminReducer.reduce(&state, .auditLoaded(AuditQuery(person: "zhang.wei", limit: 100), stale))
        #expect(state.audit != stale, "an answer to older filters is dropped")
        _ = AdminReducer.reduce(&state, .auditLoaded(state.auditQuery, AuditPage(events: F.auditPage.events, total: 150, offset: 100)))
        #expect(Self.send(&state, .character("n")).isEmpty, "no page after the last")
        #expect(
            Self.send(&state, .character("b")).first
                == .loadAudit(AuditQuery(person: "zhang.wei", action: "lease.", since: expected.since, limit: 100)))
        #expect(Self.send(&state, .character("x")) == [.loadAudit(AuditQuery(limit: 100))])
        _ = AdminReducer.reduce(&state, .auditLoaded(state.auditQuery, F.auditPage))
        Self.send(&state, .down, .enter)
        #expect(Self.modalText(state).contains("n: 1"))
    }

    @Test("the cursor stays on its item when a row arrives above it or the list reloads; when the item leaves, on the same place")
    func cursorStaysOnItsItem() {
        var state = F.loggedIn(.english)
        Self.send(&state, .character("3"), .down)
        #expect(state.selectedRequest?.person.username == "li.na")
        var snapshot = F.snapshot
        let early = JoinRequest(id: F.id(620), person: F.anna.1, computer: nil, requestedAt: F.now.addingTimeInterval(-7_200))
        snapshot.requests.insert(early, at: 0)
        _ = AdminReducer.reduce(&state, .loaded(snapshot))
        #expect(state.selectedRequest?.person.username == "li.na", "a request arriving above does not move the cursor to someone else")
        guard
            case .confirm(_, let title, _)? = {
                Self.send(&state, .character("a")); return state.modal
            }()
        else {
            Issue.record("approve asks")
            return
        }
        #expect(title.contains("li.na"), "what is approved is what the cursor is on")
        Self.send(&state, .escape)
        snapshot.requests.removeAll { $0.person.username == "li.na" }
        _ = AdminReducer.reduce(&state, .loaded(snapshot))
        #expect(state.selectedRequest?.person.username == "wang.fang", "approved and gone: the cursor keeps its place")
    }
}

/// Problems as the master sends them, for the error wording.
enum APIErrorFixture {
    static func problem(code: String, detail: String) -> any Error {
        APIError.problem(Problem(status: 403, code: code, title: "Forbidden", detail: detail))
    }

}
