import AsyncHTTPClient
import Foundation
import NcodCore
import NcodTestSupport
import NcodVHSim
import Testing

/// ncod-admin and ncod-tui side by side in real terminals (tmux), against the real master (PostgreSQL when available), the slave
/// daemon and the simulator. Captures of key moments go to .build/test-artifacts/admin/.
@Suite("ncod-admin in tmux", .serialized)
struct AdminEndToEndTests {
    static let artifacts = RepositoryPaths.root + "/.build/test-artifacts/admin"
    static let mac = "02:00:00:00:00:c7"

    @Test(
        "registering in ncod-tui waits for one approval of person and computer, then moves on by itself; a second computer the same; a forced release reaches them; a disabled slave is refused",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || ProcessInfo.processInfo.environment["NCOD_REQUIRE_BROWSER"] == "1")
    )
    func session() async throws {
        let site = try await SimulatedSite.start(people: [], clients: [SimModel.Client(name: "chen", fullName: "陈静", ip: "10.0.0.31")])
        let admin = Tmux(name: "admin", artifacts: Self.artifacts)
        let user = Tmux(name: "user", artifacts: Self.artifacts)
        do {
            // The administrator's console, in English.
            let passwordFile = site.work + "/admin-password"
            try (FleetEndToEndTests.adminPassword + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
            let console = [
                "env", "HOME=\(site.work)", "LANG=en_US.UTF-8", "TERM=xterm-256color", RepositoryPaths.executable("ncod-admin"), "--master",
                site.server.url, "--ca", TestKeys.directory + "/ca.pem", "--username", "root", "--password-file", passwordFile,
            ].joined(separator: " ")
            admin.start(console + "; echo EXIT=$?; sleep 60")
            try await admin.wait(for: "Waiting for approval", artifact: "01-dashboard")

            // Chen registers in ncod-tui, in Chinese: person and computer are one request, and the screen waits for it.
            let client = [
                "env", "HOME=\(site.work)", "LANG=zh_CN.UTF-8", "TERM=xterm-256color", RepositoryPaths.executable("ncod-tui"), "--master",
                site.server.url, "--ca", TestKeys.directory + "/ca.pem", "--mac", Self.mac, "--vh-fifo-dir", site.pipes("chen"),
            ].joined(separator: " ")
            user.start(client + "; echo EXIT=$?; sleep 60")
            try await user.wait(for: "用户名", artifact: "02-user-login")
            user.keys("F2")
            try await user.wait(for: "注册", artifact: "03-user-register")
            user.type("chen.jing")
            user.keys("Tab")
            user.type("陈静")
            user.keys("Tab")
            user.type(SimulatedSite.password)
            user.keys("Tab")
            user.type("chen.jing@example.com")
            user.keys("Tab", "Enter")
            let waitingScreen = try await user.wait(for: "等待审批", artifact: "04-user-waiting")
            #expect(waitingScreen.contains("chen.jing") && waitingScreen.contains(Self.mac) && waitingScreen.contains("SHA256:"))
            #expect(waitingScreen.contains("r 立即查看") && waitingScreen.contains("q 退出"), "the keys are shown")

            // The console hears of the request by itself: one row, approved with one act.
            admin.keys("3")
            let requests = try await admin.wait(for: "陈静 (chen.jing)", artifact: "05-requests")
            #expect(requests.contains("person + computer"))
            admin.keys("End", "a")  // the demo's wang.fang waits too, longer: Chen is last
            try await admin.wait(for: "Approve 陈静 (chen.jing): what?", artifact: "06-approve-what")
            admin.keys("Enter")  // the person and the computer
            try await admin.wait(for: "Approve 陈静 (chen.jing) into department", artifact: "07-approve-department")
            admin.keys("Enter")  // the requested department is preselected
            try await admin.wait(for: "Approved: 陈静 (chen.jing) and the computer", artifact: "08-approved")

            // Chen's waiting terminal moves on to the devices by itself.
            let approvedAt = ContinuousClock.now
            try await user.wait(for: "CodeMeter-Stick", artifact: "09-user-devices")
            let movedOn = ContinuousClock.now - approvedAt
            #expect(movedOn < .seconds(5), "within 5 s of the approval: \(movedOn)")

            // The same person on a second computer (its own key): that computer waits, is approved alone, and moves on too.
            let laptop = Tmux(name: "laptop", artifacts: Self.artifacts)
            let secondHome = site.work + "/laptop"
            try FileManager.default.createDirectory(atPath: secondHome, withIntermediateDirectories: true)
            laptop.start(
                client.replacingOccurrences(of: "HOME=\(site.work)", with: "HOME=\(secondHome)")
                    .replacingOccurrences(of: "LANG=zh_CN.UTF-8", with: "LANG=en_US.UTF-8")
                    .replacingOccurrences(of: Self.mac, with: "02:00:00:00:00:c8") + " --username chen.jing; echo EXIT=$?; sleep 60")
            try await laptop.wait(for: "Username", artifact: "10-laptop-login")
            laptop.keys("Enter")
            laptop.type(SimulatedSite.password)
            laptop.keys("Enter")
            try await laptop.wait(for: "This computer waits for approval", artifact: "11-laptop-waiting")
            try await admin.wait(for: "new computer", artifact: "12-computer-request")
            admin.keys("a")
            try await admin.wait(for: "Approve for 陈静 (chen.jing)", artifact: "13-approve-computer")
            admin.keys("y")
            try await admin.wait(for: "Approved: the computer", artifact: "14-computer-approved")
            try await laptop.wait(for: "CodeMeter-Stick", artifact: "15-laptop-devices")
            laptop.keys("q")
            try await laptop.wait(for: "EXIT=0", artifact: "16-laptop-quit")
            laptop.stop()

            // The admin console refuses Chen, an active user, in words.
            let refused = Tmux(name: "refused", artifacts: Self.artifacts)
            refused.start(
                console.replacingOccurrences(of: "--username root --password-file \(passwordFile)", with: "--username chen.jing")
                    + "; echo EXIT=$?; sleep 60")
            try await refused.wait(for: "Administrator login", artifact: "09a-user-tries-console")
            refused.keys("Enter")
            refused.type(SimulatedSite.password)
            refused.keys("Enter")
            try await refused.wait(for: "This console is for administrators. Use ncod-tui to use devices.", artifact: "09b-console-refused")
            refused.keys("Escape")
            try await refused.wait(for: "EXIT=0", artifact: "09c-console-closed")
            refused.stop()

            // Made an administrator, Chen opens the console (Chinese, 80×24); demoted while it is open, it drops what it showed and
            // says why, at once: no people, no contacts, no keys but q.
            let users: [UserProfile] = try await WebBrowserTests.call(
                site.http, .GET, site.server.url + "/api/v1/admin/users", token: site.admin)
            let chen = try #require(users.first { $0.username == "chen.jing" })
            let _: UserProfile = try await WebBrowserTests.call(
                site.http, .PATCH, site.server.url + "/api/v1/admin/users/\(chen.id)", token: site.admin,
                body: UserPatch(role: .admin, reason: "deputy for the week"))
            let chenPasswordFile = site.work + "/chen-password"
            try (SimulatedSite.password + "\n").write(toFile: chenPasswordFile, atomically: true, encoding: .utf8)
            let deputy = Tmux(name: "deputy", artifacts: Self.artifacts)
            deputy.start(
                console.replacingOccurrences(
                    of: "--username root --password-file \(passwordFile)", with: "--username chen.jing --password-file \(chenPasswordFile)"
                )
                .replacingOccurrences(of: "LANG=en_US.UTF-8", with: "LANG=zh_CN.UTF-8") + "; echo EXIT=$?; sleep 60", columns: 80, rows: 24)
            try await deputy.wait(for: "待审批", artifact: "09d-deputy-console")
            deputy.keys("3", "Right")
            try await deputy.wait(for: "zhang.wei", artifact: "09e-deputy-people")
            let demotedAt = ContinuousClock.now
            let _: UserProfile = try await WebBrowserTests.call(
                site.http, .PATCH, site.server.url + "/api/v1/admin/users/\(chen.id)", token: site.admin, body: UserPatch(role: .user))
            let demoted = try await deputy.wait(for: "您已不再是管理员", artifact: "09f-deputy-demoted")
            #expect(ContinuousClock.now - demotedAt < .seconds(5), "the console hears of it through its event stream")
            #expect(demoted.contains("使用设备请运行 ncod-tui。") && demoted.contains("q 退出"))
            #expect(!demoted.contains("zhang.wei") && !demoted.contains("1-7/Tab"), "nothing an administrator sees is left")
            deputy.keys("a", "3")
            deputy.keys("q")
            try await deputy.wait(for: "EXIT=0", artifact: "09g-deputy-quit")
            deputy.stop()

            user.type("/")
            user.type("codemeter")
            user.keys("Enter", "Enter")
            try await user.wait(for: "已连接到本机", artifact: "10-user-connected")

            // The administrator takes it back with a reason; Chen's client says so at once.
            admin.keys("5")
            try await admin.wait(for: "陈静 (chen.jing)", artifact: "11-leases")
            admin.keys("f")
            try await admin.wait(for: "Take CodeMeter-Stick away from 陈静", artifact: "12-force-reason")
            admin.type("audit of licences")
            admin.keys("Enter")
            try await admin.wait(for: "Lease ended", artifact: "13-forced")
            try await user.wait(for: "已不归您使用：已被管理员强制释放（audit of licences）", artifact: "14-user-notice")
            let forced: AuditPage = try await WebBrowserTests.call(
                site.http, .GET, site.server.url + "/api/v1/admin/audit?action=lease.ended", token: site.admin)
            #expect(forced.events.first?.details["why"] == "audit of licences" && forced.events.first?.details["reason"] == "forced")
            #expect(forced.events.first?.holder == "chen.jing")

            // The audit log in the console, filtered to Chen.
            admin.keys("6", "p")
            admin.type("chen.jing")
            admin.keys("Enter")
            // Only what Chen did, what was done to Chen's account, and the end of Chen's lease: no slave's or other account's rows.
            let audit = try await admin.wait(
                until: { $0.contains("user.registered") && !$0.contains("vh.bind") && $0.contains("lease.ended") }, "Chen's events only",
                artifact: "15-audit")
            #expect(audit.contains("person=chen.jing") && audit.contains("binding.approved") && audit.contains("lease.taken"))

            // Disabling the slave: the daemon's next report is refused and it stops.
            admin.keys("2", "d")
            try await admin.wait(for: "Disable slave box1", artifact: "16-disable-reason")
            admin.type("moving racks")
            admin.keys("Enter")
            try await admin.wait(for: "Slave box1 disabled.", artifact: "17-disabled")
            #expect(try await site.slave.waitForExit(timeout: .seconds(10)) == 1)
            #expect(
                site.slave.stderrLines.last?.contains("slave 'box1' was disabled by an administrator") == true, "\(site.slave.stderrLines.suffix(2))")
            try await admin.wait(for: "disabled", artifact: "18-slaves")

            admin.keys("q")
            try await admin.wait(for: "EXIT=0", artifact: "19-admin-quit")
            user.keys("q")
            try await user.wait(for: "EXIT=0", artifact: "20-user-quit")
            admin.stop()
            user.stop()
            try await site.stop()
        } catch {
            admin.stop()
            user.stop()
            await site.abort()
            throw error
        }
    }
}
