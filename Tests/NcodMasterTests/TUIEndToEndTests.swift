import AsyncHTTPClient
import Foundation
import NcodCLI
import NcodCore
import NcodSlave
import NcodTestSupport
import NcodVHSim
import NcodVirtualHere
import Testing
import VaporTesting

/// ncod-tui in a real terminal (tmux), against the real master, a real slave daemon and the simulator.
/// Captures of key moments go to .build/test-artifacts/tui/.
@Suite("ncod-tui in tmux", .serialized)
struct TUIEndToEndTests {
    static let artifacts = RepositoryPaths.root + "/.build/test-artifacts/tui"

    @Test(
        "log in, list, search, connect, watch a device appear live, disconnect — in Chinese",
        .enabled(if: Self.tmuxAvailable)
    )
    func session() async throws {
        try await Self.withSite("tui") { site, tmux in
            let work = site.work
            let observer = VirtualHereClient(transport: VHFIFOTransport(folder: site.pipes("observer")))

            // ncod-tui in tmux, in Chinese.
            try await Self.logIn(site, tmux, language: "zh_CN.UTF-8", prompt: "用户名", artifact: "01-login")
            // The whole list, not its first rows: under load tmux can be read while the screen is half painted.
            func listed(_ screen: String) -> [String] {
                screen.split(separator: "\n").map(String.init).filter {
                    $0.range(of: #"[0-9a-f]{4}:[0-9a-f]{4}"#, options: .regularExpression) != nil
                }
            }
            let list = try await tmux.wait(
                until: { $0.contains("CodeMeter-Stick") && listed($0).count >= 8 }, "the device list", artifact: "02-devices-zh")
            #expect(list.contains("欧阳娜娜 (alice)"))
            #expect(list.contains("USB 串口转换器 CH340"))
            let deviceLines = listed(list)
            let statusColumns = Set(
                deviceLines.filter { $0.contains("空闲") }.map { line in CLIText.width(String(line[..<line.range(of: "空闲")!.lowerBound])) })
            #expect(statusColumns.count == 1, "the status column is aligned in Chinese: \(statusColumns)")

            tmux.type("/")
            tmux.type("codemeter")
            let searched = try await tmux.wait(for: "搜索: codemeter", artifact: "03-search")
            #expect(searched.contains("CodeMeter-Stick") && !searched.contains("J-Link"), "only the CodeMeter dongles match")
            tmux.keys("Enter")  // end the search; the first match, box1's CodeMeter-Stick, is selected
            tmux.keys("Enter")  // connect it
            try await tmux.wait(for: "已连接到本机", artifact: "04-connected")
            try await tmux.wait(for: "我在用", artifact: "05-mine")
            #expect(
                try await observer.list().device("box1.111")?.holder == .other(client: "欧阳娜娜 (alice)", ip: "10.0.0.21"),
                "the simulator shows it in use by this client")

            // A device plugged into the slave shows up without a keypress (after 'a' clears the search).
            tmux.type("a")
            let plugged = work + "/sys/bus/usb/devices/1-1.5"
            try FileManager.default.createDirectory(atPath: plugged, withIntermediateDirectories: true)
            for (name, value) in [
                ("idVendor", "1366"), ("idProduct", "1015"), ("product", "J-Link OB 新设备"), ("busnum", "1"), ("bDeviceClass", "00"), ("speed", "12"),
            ] {
                try (value + "\n").write(toFile: plugged + "/" + name, atomically: true, encoding: .utf8)
            }
            try await tmux.wait(for: "J-Link OB 新设备", artifact: "06-live-plug")

            // Disconnect it: find it again (the first match is box1's), then d.
            tmux.type("/")
            tmux.type("codemeter")
            tmux.keys("Enter")
            try await tmux.wait(for: "搜索: codemeter", artifact: "07a-found-again")
            tmux.type("d")
            try await tmux.wait(for: "已释放", artifact: "07b-disconnected")
            #expect(try await observer.list().device("box1.111")?.holder == .free)
            tmux.type("q")
            try await tmux.wait(for: "EXIT=0", artifact: "08-quit")

        }
    }

    @Test(
        "q a moment after connecting asks; keep for 1m; the hold is shown to others, ends by itself, and the slave frees the device — in English",
        .enabled(if: Self.tmuxAvailable)
    )
    func keepThenHoldOver() async throws {
        try await Self.withSite("tui-keep") { site, tmux in
            let observer = VirtualHereClient(transport: VHFIFOTransport(folder: site.pipes("observer")))
            try await Self.logIn(site, tmux, language: "en_US.UTF-8", prompt: "Username", artifact: "k01-login")
            try await tmux.wait(for: "CodeMeter-Stick", artifact: "k02-devices-en")
            tmux.type("/")
            tmux.type("codemeter")
            tmux.keys("Enter")
            tmux.keys("Enter")
            try await tmux.wait(for: "is connected to this computer", artifact: "k03-connected")
            // q at once, before the list has reloaded: the device just connected counts.
            tmux.type("q")
            let asked = try await tmux.wait(for: "(y) release them", artifact: "k04-quit-question")
            #expect(asked.contains("(Esc) stay"), "the whole question fits 80 columns")
            tmux.type("n")
            try await tmux.wait(for: "Keep until", artifact: "k05-keep-until")
            tmux.keys("BSpace", "BSpace")
            tmux.type("1m")
            tmux.keys("Enter")
            try await tmux.wait(for: "EXIT=0", artifact: "k06-kept-and-quit")
            let kept = ContinuousClock.now

            // ncod-tui is gone; the device stays on Alice's computer, and everyone sees until when.
            #expect(try await observer.list().device("box1.111")?.holder == .other(client: "欧阳娜娜 (alice)", ip: "10.0.0.21"))
            let devices: [DeviceView] = try await WebBrowserTests.call(site.http, .GET, site.server.url + "/api/v1/devices", token: site.admin)
            let held = try #require(devices.first { $0.device.vhAddress == "box1.111" })
            #expect(held.heldBy == "欧阳娜娜" && held.heldUntil != nil && held.heldSince != nil, "\(held)")

            // The hold ends by itself, and the slave takes the device back.
            var freed: Duration?
            while freed == nil, ContinuousClock.now - kept < .seconds(90) {
                if try await observer.list().device("box1.111")?.holder != .other(client: "欧阳娜娜 (alice)", ip: "10.0.0.21") {
                    freed = ContinuousClock.now - kept
                } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let after = try #require(freed, "the device was still Alice's 90 s after a one-minute hold")
            #expect(after > .seconds(50) && after < .seconds(67), "freed \(after) after the one-minute hold began")
            let audit: AuditPage = try await WebBrowserTests.call(
                site.http, .GET, site.server.url + "/api/v1/admin/audit?person=alice&action=lease.", token: site.admin)
            #expect(audit.events.contains { $0.action == "lease.held" })
            #expect(audit.events.contains { $0.action == "lease.ended" && $0.details["reason"] == "hold_over" })
        }
    }

    @Test(
        "disabled while the list is open: the screen says so and why within seconds, not that the connection was lost — in Chinese, 80×24",
        .enabled(if: Self.tmuxAvailable)
    )
    func disabledWhileListing() async throws {
        try await Self.withSite("tui-disabled") { site, tmux in
            try await Self.logIn(site, tmux, language: "zh_CN.UTF-8", prompt: "用户名", artifact: "d01-login", columns: 80, rows: 24)
            try await tmux.wait(for: "CodeMeter-Stick", artifact: "d02-devices-zh")
            let users: [UserProfile] = try await WebBrowserTests.call(site.http, .GET, site.server.url + "/api/v1/admin/users", token: site.admin)
            let alice = try #require(users.first { $0.username == "alice" })
            let disabled = ContinuousClock.now
            let _: UserProfile = try await WebBrowserTests.call(
                site.http, .POST, site.server.url + "/api/v1/admin/users/\(alice.id)/disable", token: site.admin,
                body: ReasonRequest(reason: "离职交接"))
            // The stream is closed by the guard's next check (every 2 s); the list's reload then finds the account disabled.
            let screen = try await tmux.wait(for: "账号已停用", timeout: .seconds(10), artifact: "d03-disabled-zh")
            #expect(ContinuousClock.now - disabled < .seconds(6), "the screen took \(ContinuousClock.now - disabled)")
            #expect(screen.contains("离职交接"), "the administrator's reason is shown")
            #expect(!screen.contains("正在重连"), "not told the connection was lost:\n\(screen)")
        }
    }

    @Test(
        "settings are saved when the program starts, as absolute paths: a second ncod-tui started from elsewhere meanwhile just works",
        .enabled(if: Self.tmuxAvailable)
    )
    func settingsSavedAtStart() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-settings-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home + "/work", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.copyItem(atPath: TestKeys.directory + "/ca.pem", toPath: home + "/work/ca.pem")
        let binary = RepositoryPaths.executable("ncod-tui")
        let first = Tmux(name: "tui-first", artifacts: Self.artifacts)
        let second = Tmux(name: "tui-second", artifacts: Self.artifacts)
        defer {
            first.stop()
            second.stop()
        }
        // Relative paths, from a working folder.
        first.start(
            "cd \(home)/work && env HOME=\(home) LANG=en_US.UTF-8 TERM=xterm-256color \(binary) --master https://127.0.0.1:9 --ca ca.pem "
                + "--vh-fifo-dir vh --mac 02:00:00:00:00:a1; sleep 30", columns: 80, rows: 24)
        try await first.wait(for: "Username", artifact: "s01-first")
        let saved = try String(contentsOfFile: home + "/.config/ncod/tui.conf", encoding: .utf8)
        #expect(saved.contains("ca = \(home)/work/ca.pem") && saved.contains("vh-fifo-dir = \(home)/work/vh"), "\(saved)")
        // While the first runs, a second starts from another folder with no flags at all.
        second.start(
            "cd / && env HOME=\(home) LANG=en_US.UTF-8 TERM=xterm-256color \(binary) --mac 02:00:00:00:00:a1; echo EXIT=$?; sleep 30", columns: 80,
            rows: 24)
        let screen = try await second.wait(for: "Username", artifact: "s02-second")
        #expect(screen.contains("https://127.0.0.1:9"))
    }

    @Test("ncod-tui ends when its terminal goes away, even when no hang-up signal reaches it (its shell waits on, blocking it)")
    func endsWhenTheTerminalGoes() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-hangup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A terminal of its own (a pseudo-terminal): the session leader blocks SIGHUP, as a shell started from a program that
        // blocked it does while it waits for its command; the kernel signals only that leader when the terminal goes, so
        // ncod-tui hears nothing and must notice by itself. Then the terminal is closed and ncod-tui is given 5 s to end.
        let script = """
            import os, pty, select, signal, sys, time
            status_file = sys.argv[1]
            pid, fd = pty.fork()
            if pid == 0:
                signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
                child = os.fork()
                if child == 0:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGHUP])
                    os.execv(sys.argv[2], sys.argv[2:])
                _, status = os.waitpid(child, 0)
                with open(status_file, "w") as f: f.write(str(status))
                os._exit(0)
            screen, deadline = b"", time.time() + 15
            while b"Username" not in screen and time.time() < deadline:
                if select.select([fd], [], [], 0.2)[0]:
                    try: screen += os.read(fd, 65536)
                    except OSError: break
            print("screen" if b"Username" in screen else "no screen", flush=True)
            os.close(fd)
            deadline = time.time() + 5
            while not os.path.exists(status_file) and time.time() < deadline: time.sleep(0.05)
            if os.path.exists(status_file):
                print("ended", flush=True)
            else:
                print("still running", flush=True)
                os.system("pkill -9 -P %d" % pid)
            """
        let result = ProcessRunner.run(
            "/usr/bin/env",
            [
                "HOME=\(home)", "LANG=en_US.UTF-8", "TERM=xterm-256color", "/usr/bin/python3", "-c", script, home + "/status",
                RepositoryPaths.executable("ncod-tui"), "--master", "https://127.0.0.1:9", "--ca", TestKeys.directory + "/ca.pem", "--mac",
                "02:00:00:00:00:a1",
            ])
        #expect(result.stdout.contains("screen"), "ncod-tui showed its login screen first: \(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("ended"), "ncod-tui went on without a terminal: \(result.stdout) \(result.stderr)")
    }

    /// tmux is installed, or the run requires the interactive tests (CI installs tmux).
    static var tmuxAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || ProcessInfo.processInfo.environment["NCOD_REQUIRE_BROWSER"] == "1"
    }

    /// Runs `body` with a fresh site and a tmux session named `name`, stopping both afterwards (or aborting the site on failure).
    static func withSite(_ name: String, _ body: (SimulatedSite, Tmux) async throws -> Void) async throws {
        let site = try await Self.site()
        let tmux = Tmux(name: name, artifacts: Self.artifacts)
        do {
            try await body(site, tmux)
            tmux.stop()
            try await site.stop()
        } catch {
            tmux.stop()
            await site.abort()
            throw error
        }
    }

    /// A site with 欧阳娜娜 (alice) and an observing VirtualHere client.
    static func site() async throws -> SimulatedSite {
        try await SimulatedSite.start(
            people: [SimulatedSite.Person(username: "alice", name: "欧阳娜娜", mac: ConnectEndToEndTests.aliceMAC)],
            clients: [SimModel.Client(name: "alice", fullName: "欧阳娜娜", ip: "10.0.0.21"), SimModel.Client(name: "observer", ip: "10.0.0.99")])
    }

    /// Starts ncod-tui in `tmux` in `language` as `username` (alice unless said) on `site`, from the computer with `mac` and the
    /// simulated VirtualHere `client`, and logs in (the screen asks with `prompt`).
    static func logIn(
        _ site: SimulatedSite, _ tmux: Tmux, language: String, prompt: String, artifact: String, username: String = "alice",
        mac: String = ConnectEndToEndTests.aliceMAC, client: String = "alice", columns: Int = 100, rows: Int = 30
    ) async throws {
        let command = [
            "env", "HOME=\(site.work)", "LANG=\(language)", "TERM=xterm-256color", RepositoryPaths.executable("ncod-tui"), "--master",
            site.server.url, "--ca", TestKeys.directory + "/ca.pem", "--mac", mac, "--vh-fifo-dir", site.pipes(client), "--username", username,
        ].joined(separator: " ")
        tmux.start(command + "; echo EXIT=$?; sleep 120", columns: columns, rows: rows)
        try await tmux.wait(for: prompt, artifact: artifact)
        tmux.keys("Enter")
        tmux.type(SimulatedSite.password)
        tmux.keys("Enter")
    }
}
