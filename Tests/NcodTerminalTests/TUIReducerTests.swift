import Foundation
import NcodCore
import NcodTUI
import NcodTerminal
import Testing

/// ncod-tui's reducer: keys and answers in, state and effects out, no I/O.
@Suite("ncod-tui reduce")
struct TUIReducerTests {
    init() { TextWidth.prepareLocale() }

    @discardableResult
    static func send(_ state: inout TUIState, _ keys: Key...) -> [TUIEffect] {
        keys.flatMap { TUIReducer.reduce(&state, .key($0)) }
    }

    static func type(_ state: inout TUIState, _ text: String) {
        for character in text { _ = TUIReducer.reduce(&state, .key(.character(character))) }
    }

    @Test("login: typing, Tab, Enter logs in with the username and password; an active account lands on the devices")
    func login() {
        var state = TUIState(language: .english, masterURL: "https://m", macs: ["02:00:00:00:00:a1"])
        Self.type(&state, "zhang.wei")
        #expect(Self.send(&state, .enter).isEmpty, "Enter on the username moves to the password")
        #expect(state.login.field == .password)
        Self.type(&state, "secret-1")
        #expect(Self.send(&state, .enter) == [.login(username: "zhang.wei", password: "secret-1")])
        #expect(state.status?.isProgress == true)
        #expect(TUIReducer.reduce(&state, .loggedIn(TUIFixtures.me)) == [.loadDevices, .followEvents])
        #expect(state.screen == .devices && state.login.password.isEmpty)
    }

    @Test("a login refused for where one stands shows that screen, which asks by itself and moves on to the devices once approved")
    func standingScreens() {
        var state = TUIState(language: .english, masterURL: "https://m", macs: ["3c:22:fb:00:00:01"])
        state.login.username = "wang.fang"
        state.login.password = "secret-1"
        #expect(TUIReducer.reduce(&state, .loginRefused(code: "account_pending", reason: nil)) == [.watchStanding(username: "wang.fang")])
        #expect(state.screen == .standing(.accountWaiting) && state.login.password == "secret-1", "the password waits for the approval")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func standing(_ account: User.Status, _ computer: Standing.Computer, reason: String? = nil) -> Standing {
            Standing(account: account, accountReason: reason, computer: computer, computerReason: reason, hostname: "pc", fingerprint: "SHA256:x")
        }
        // The person is approved first, then the computer: the screen follows, then logs in by itself.
        #expect(TUIReducer.reduce(&state, .stood(standing(.pending, .waiting), at: now)).isEmpty)
        #expect(state.checkedAt == now)
        _ = TUIReducer.reduce(&state, .connection(lost: true))
        #expect(TUIReducer.reduce(&state, .connection(lost: false)).isEmpty && !state.connectionLost, "no device list to reload while waiting")
        #expect(TUIReducer.reduce(&state, .stood(standing(.active, .waiting), at: now)) == [.watchStanding(username: "wang.fang")])
        #expect(state.screen == .standing(.computerWaiting))
        #expect(Self.send(&state, .character("r")) == [.watchStanding(username: "wang.fang")] && state.status?.isProgress == true)
        #expect(
            TUIReducer.reduce(&state, .stood(standing(.active, .approved), at: now))
                == [.stopWatching, .login(username: "wang.fang", password: "secret-1")])
        #expect(TUIReducer.reduce(&state, .loggedIn(TUIFixtures.me)) == [.loadDevices, .followEvents])
        #expect(state.screen == .devices && state.login.password.isEmpty)

        // Refused: its own screen with the administrator's words, no more asking, the password forgotten; Esc goes back, q quits.
        var refused = TUIState(language: .english, masterURL: "https://m", macs: [])
        refused.login.password = "secret-1"
        #expect(TUIReducer.reduce(&refused, .loginRefused(code: "machine_revoked", reason: "not a company laptop")) == [.stopWatching])
        #expect(refused.screen == .standing(.computerRefused("not a company laptop")) && refused.login.password.isEmpty)
        #expect(Self.send(&refused, .character("r")).isEmpty, "nothing to wait for")
        #expect(Self.send(&refused, .escape) == [.stopWatching] && refused.screen == .login)
        _ = TUIReducer.reduce(&refused, .loginRefused(code: "account_disabled", reason: nil))
        #expect(Self.send(&refused, .character("q")) == [.stopWatching, .quit] && refused.finished)
        var waiting = TUIState(language: .english, masterURL: "https://m", macs: [])
        _ = TUIReducer.reduce(&waiting, .loginRefused(code: "computer_key_changed", reason: nil))
        #expect(TUIReducer.reduce(&waiting, .stood(standing(.active, .refused, reason: "stolen"), at: now)) == [.stopWatching])
        #expect(waiting.screen == .standing(.computerRefused("stolen")))
    }

    @Test("a refusal is shown in words")
    func refusedInWords() {
        var refused = TUIState(language: .english, masterURL: "https://m", macs: [])
        _ = TUIReducer.reduce(&refused, .failed("This computer is not registered", fields: [:]))
        #expect(refused.status == .init("This computer is not registered", isError: true))
    }

    @Test("list: move, search, filter, sort; selection follows what is visible")
    func list() {
        var state = TUIFixtures.loggedIn(.english)
        // Grouped by slave (nj-site-02, sh-lab-01), by name within: EPLAN, ST-LINK; J-Link, PC Adapter, PLC, TIA Portal.
        #expect(state.visibleDevices.map(\.device.portPath) == ["1-2", "2-1", "1-1.3", "1-1.2", "1-1.4", "1-1.1"])
        #expect(state.selectedID == TUIFixtures.id(21))
        Self.send(&state, .down, .down)
        #expect(state.selectedID == TUIFixtures.id(13))
        Self.send(&state, .character("/"))
        Self.type(&state, "plc")
        #expect(state.visibleDevices.map(\.id) == [TUIFixtures.id(14)])
        #expect(state.selectedID == TUIFixtures.id(14), "the selection moves to what is still visible")
        Self.send(&state, .escape)
        #expect(state.search.isEmpty && !state.searching)
        Self.send(&state, .character("f"))
        #expect(state.visibleDevices.map(\.id) == [TUIFixtures.id(14), TUIFixtures.id(11)], "free only: online and nobody holds it")
        Self.send(&state, .character("f"), .character("m"))
        #expect(state.visibleDevices.map(\.id) == [TUIFixtures.id(13)])
        Self.send(&state, .character("a"), .character("s"))
        #expect(state.sort == .status)
        #expect(
            state.visibleDevices.map(\.id) == [
                TUIFixtures.id(21), TUIFixtures.id(22), TUIFixtures.id(14), TUIFixtures.id(11), TUIFixtures.id(13), TUIFixtures.id(12),
            ])
        Self.type(&state, "/")
        Self.type(&state, "张伟")
        #expect(state.visibleDevices.map(\.id) == [TUIFixtures.id(13)], "search finds holders by name, in Chinese")
    }

    @Test("Enter connects a free device; held, offline and mine are explained or ignored; d releases mine")
    func connect() {
        var state = TUIFixtures.loggedIn(.english)
        state.selectedID = TUIFixtures.id(11)
        #expect(Self.send(&state, .enter) == [.connect(TUIFixtures.id(11))])
        #expect(state.status?.text == "Connecting TIA Portal 许可证…")
        state.selectedID = TUIFixtures.id(12)
        #expect(Self.send(&state, .enter).isEmpty)
        #expect(state.status == .init("in use by 李娜 · w waits in line", isError: true))
        state.selectedID = TUIFixtures.id(21)
        #expect(Self.send(&state, .enter).isEmpty && state.status?.isError == true)
        state.selectedID = TUIFixtures.id(13)
        #expect(Self.send(&state, .enter).isEmpty, "already mine")
        #expect(Self.send(&state, .character("d")) == [.disconnect(TUIFixtures.id(13))])
        state.selectedID = TUIFixtures.id(11)
        #expect(Self.send(&state, .character("d")).isEmpty, "not mine to release")
        #expect(TUIReducer.reduce(&state, .connected(deviceID: TUIFixtures.id(11))) == [.loadDevices])
        #expect(state.status == .init("TIA Portal 许可证 is connected to this computer."))
    }

    @Test("details: i or → opens the selected device, Enter and d act on it, Esc goes back; ? shows help, any key closes it")
    func details() {
        var state = TUIFixtures.loggedIn(.english)
        state.selectedID = TUIFixtures.id(11)
        Self.send(&state, .character("i"))
        #expect(state.screen == .details(TUIFixtures.id(11)))
        #expect(Self.send(&state, .character("d")).isEmpty, "not mine to release")
        #expect(Self.send(&state, .enter) == [.connect(TUIFixtures.id(11))])
        Self.send(&state, .character("?"))
        #expect(state.showingHelp)
        #expect(Self.send(&state, .character("q")).isEmpty && !state.showingHelp && !state.finished, "the key only closes help")
        Self.send(&state, .escape)
        #expect(state.screen == .devices && state.selectedID == TUIFixtures.id(11), "back on the list, same selection")
        state.selectedID = TUIFixtures.id(13)
        Self.send(&state, .right)
        #expect(Self.send(&state, .character("d")) == [.disconnect(TUIFixtures.id(13))])
        Self.send(&state, .left)
        #expect(state.screen == .devices)
    }

    @Test("quitting while holding devices asks whether to release them")
    func quit() {
        var state = TUIFixtures.loggedIn(.simplifiedChinese)
        #expect(Self.send(&state, .character("q")).isEmpty && state.askingToQuit)
        #expect(Self.send(&state, .escape).isEmpty && !state.askingToQuit && !state.finished)
        Self.send(&state, .character("q"))
        #expect(Self.send(&state, .character("y")) == [.releaseAllAndQuit] && state.finished)
        var keep = TUIFixtures.loggedIn(.english)
        Self.send(&keep, .character("q"))
        // Keeping is a timed hold: the end is asked for, checked, and the devices are kept before the program ends.
        #expect(Self.send(&keep, .character("n")).isEmpty && keep.keepUntil == "2h" && !keep.finished)
        Self.send(&keep, .backspace)
        Self.send(&keep, .backspace)
        for character in "soon" { Self.send(&keep, .character(character)) }
        #expect(Self.send(&keep, .enter).isEmpty && keep.status?.isError == true && !keep.finished, "not a time: said, and asked again")
        for _ in 0..<4 { Self.send(&keep, .backspace) }
        for character in "90m" { Self.send(&keep, .character(character)) }
        #expect(Self.send(&keep, .enter) == [.keepAllAndQuit("90m")] && !keep.finished, "the program ends once the master has kept them")
        #expect(TUIReducer.reduce(&keep, .failed("this device may be held for at most 1h from now", fields: [:])).isEmpty)
        #expect(keep.keepUntil == "90m" && !keep.finished, "a refusal leaves the question up")
        #expect(TUIReducer.reduce(&keep, .kept(until: Date())) == [.quit] && keep.finished)
        var back = TUIFixtures.loggedIn(.english)
        Self.send(&back, .character("q"))
        Self.send(&back, .character("n"))
        #expect(Self.send(&back, .escape).isEmpty && back.keepUntil == nil && !back.finished, "Esc goes back to the list")
        var fresh = TUIFixtures.loggedIn(.english)
        fresh.devices = fresh.devices.filter { !$0.heldByMe }
        let justConnected = try! #require(fresh.devices.first { $0.isFree }?.id)
        #expect(TUIReducer.reduce(&fresh, .connected(deviceID: justConnected)) == [.loadDevices])
        #expect(Self.send(&fresh, .character("q")).isEmpty && fresh.askingToQuit, "connected a moment ago, before the reload: it counts")
        var free = TUIFixtures.loggedIn(.english)
        free.devices = free.devices.filter { !$0.heldByMe }
        #expect(Self.send(&free, .control("c")) == [.quit], "nothing held: no question")
        var released = TUIFixtures.loggedIn(.english)
        for device in released.devices where device.heldByMe {
            #expect(TUIReducer.reduce(&released, .disconnected(deviceID: device.id)) == [.loadDevices])
        }
        #expect(Self.send(&released, .character("q")) == [.quit], "released just now, before the reload: no question")
    }

    @Test("two minutes before a bounded lease ends the holder is told once, and x extends it")
    func endWarning() {
        var state = TUIFixtures.loggedIn(.english)
        state.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 16:00 in Shanghai
        let mine = try! #require(state.devices.firstIndex { $0.heldByMe })
        state.devices[mine].heldUntil = now.addingTimeInterval(300)
        #expect(TUIReducer.reduce(&state, .tick(now)).isEmpty && state.status == nil, "five minutes before: nothing yet")
        _ = TUIReducer.reduce(&state, .tick(now.addingTimeInterval(190)))
        #expect(state.status?.text == "\(DeviceFilter.name(state.devices[mine])) is yours until 16:05, in 2 minutes. Press x to extend it once.")
        state.status = nil
        _ = TUIReducer.reduce(&state, .tick(now.addingTimeInterval(200)))
        #expect(state.status == nil, "said once")
        state.selectedID = state.devices.first { !$0.heldByMe }?.id
        #expect(Self.send(&state, .character("x")) == [.extend(state.devices[mine].id)], "x extends the lease that is ending")
        #expect(TUIReducer.reduce(&state, .extended(deviceID: state.devices[mine].id, until: now.addingTimeInterval(3900))) == [.loadDevices])
        #expect(state.status?.text == "\(DeviceFilter.name(state.devices[mine])) is yours until 17:05.")
    }

    @Test("news from the master: a lost lease is announced, a lost connection shows a banner, changes reload")
    func news() {
        var state = TUIFixtures.loggedIn(.english)
        #expect(TUIReducer.reduce(&state, .leaseLost(deviceID: TUIFixtures.id(13), reason: "forced")) == [.loadDevices])
        #expect(state.status == .init("J-Link 调试器 is no longer yours: released by an administrator", isError: true))
        #expect(!state.holdsDevices, "q right after the notice does not ask to release what is gone")
        var chinese = TUIFixtures.loggedIn(.simplifiedChinese)
        _ = TUIReducer.reduce(&chinese, .leaseLost(deviceID: TUIFixtures.id(13), reason: "device_removed"))
        #expect(chinese.status?.text == "J-Link 调试器 已不归您使用：设备已被拔出", "the reason in the user's language")
        _ = TUIReducer.reduce(&chinese, .leaseLost(deviceID: TUIFixtures.id(13), reason: "forced", why: "客户演示需要"))
        #expect(chinese.status?.text == "J-Link 调试器 已不归您使用：已被管理员强制释放（客户演示需要）", "the administrator's words reach the holder")
        _ = TUIReducer.reduce(&chinese, .leaseLost(deviceID: TUIFixtures.id(13), reason: "account_disabled"))
        #expect(chinese.status?.text == "J-Link 调试器 已不归您使用：管理员已停用您的账号")
        _ = TUIReducer.reduce(&chinese, .leaseLost(deviceID: TUIFixtures.id(13), reason: "lease has ended"))
        #expect(chinese.status?.text == "J-Link 调试器 已不归您使用：lease has ended", "words from the master pass through")
        #expect(TUIReducer.reduce(&state, .connection(lost: true)).isEmpty && state.connectionLost)
        #expect(TUIReducer.reduce(&state, .connection(lost: false)) == [.loadDevices] && !state.connectionLost)
        #expect(TUIReducer.reduce(&state, .changed) == [.loadDevices])
    }

    @Test("registration: fields, department choice, the request sent, errors per field")
    func registration() {
        var state = TUIState(language: .english, masterURL: "https://m", macs: [])
        #expect(Self.send(&state, .function(2)) == [.loadOrgUnits])
        let forest = [
            OrgUnitNode(
                id: TUIFixtures.id(801), kind: .organisation, name: "华东工程集团",
                children: [
                    OrgUnitNode(
                        id: TUIFixtures.id(802), kind: .company, name: "上海自动化有限公司",
                        children: [
                            OrgUnitNode(id: TUIFixtures.id(800), kind: .department, name: "地铁14号线项目部", children: []),
                            OrgUnitNode(id: TUIFixtures.id(803), kind: .department, name: "洋山港自动化项目部", children: []),
                        ])
                ])
        ]
        _ = TUIReducer.reduce(&state, .orgUnitsLoaded(forest))
        Self.type(&state, "li.na")
        Self.send(&state, .tab)
        Self.type(&state, "李娜")
        Self.send(&state, .tab)
        Self.type(&state, "password 12")
        Self.send(&state, .tab)
        Self.type(&state, "li.na@example.com")
        Self.send(&state, .tab, .right)
        let effects = Self.send(&state, .enter)
        #expect(
            effects == [
                .register(
                    RegisterRequest(
                        username: "li.na", displayName: "李娜", password: "password 12", contact: "li.na@example.com", orgUnitID: TUIFixtures.id(803)))
            ])
        _ = TUIReducer.reduce(&state, .failed("some fields need correcting", fields: ["username": "the username 'li.na' is taken"]))
        #expect(state.register.errors["username"] == "the username 'li.na' is taken")
        // The request carries this computer: the screen waits for the one approval, then logs in with what was typed.
        #expect(TUIReducer.reduce(&state, .registered) == [.watchStanding(username: "li.na")])
        #expect(state.screen == .standing(.accountWaiting) && state.login.username == "li.na" && state.login.password == "password 12")
    }
}

/// The waiting list from the keyboard: `w` on a busy device joins its line, `w` again leaves it, a free device is simply connected.
@Suite("ncod-tui waiting lists")
struct TUIWaitingListTests {
    @Test("w joins the line of a busy device and leaves it again; on a free device it connects; Enter on a busy one says w waits")
    func waitKey() {
        var state = TUIFixtures.loggedIn(.english)
        state.selectedID = TUIFixtures.id(12)  // held by 李娜
        #expect(TUIReducer.reduce(&state, .key(.enter)).isEmpty)
        #expect(state.status?.text.contains("w waits in line") == true)
        #expect(TUIReducer.reduce(&state, .key(.character("w"))) == [.joinWait(TUIFixtures.id(12))])
        #expect(TUIReducer.reduce(&state, .waitJoined(deviceID: TUIFixtures.id(12), place: 2)) == [.loadDevices])
        #expect(state.status?.text == "You are #2 in line for PC Adapter USB A2; you will be told (with a bell) when it is your turn.")

        let waitID = UUID()
        var devices = state.devices
        let index = devices.firstIndex { $0.id == TUIFixtures.id(12) }!
        devices[index].myWaitID = waitID
        devices[index].myPlace = 2
        devices[index].waiting = 2
        _ = TUIReducer.reduce(&state, .devicesLoaded(devices))
        #expect(TUIReducer.reduce(&state, .key(.character("w"))) == [.leaveWait(waitID, deviceID: TUIFixtures.id(12))])

        state.selectedID = TUIFixtures.id(14)  // free
        #expect(TUIReducer.reduce(&state, .key(.character("w"))) == [.connect(TUIFixtures.id(14))])
    }

    @Test("the turn banner goes when the device is connected, or when the window has passed")
    func turnEnds() {
        var state = TUIFixtures.loggedIn(.english)
        let until = Date().addingTimeInterval(120)
        _ = TUIReducer.reduce(&state, .turn(deviceID: TUIFixtures.id(14), until: until))
        #expect(state.turn?.deviceID == TUIFixtures.id(14))
        _ = TUIReducer.reduce(&state, .connected(deviceID: TUIFixtures.id(14)))
        #expect(state.turn == nil)
        _ = TUIReducer.reduce(&state, .turn(deviceID: TUIFixtures.id(11), until: until))
        _ = TUIReducer.reduce(&state, .tick(until.addingTimeInterval(1)))
        #expect(state.turn == nil)
    }
}
