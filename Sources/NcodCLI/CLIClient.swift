import Foundation
import NcodClient
import NcodConnect
import NcodCore
import NcodVirtualHere

/// What the `ncod` command does, one method per subcommand: log in as this computer, list devices, take (a timed hold, used in the
/// local VirtualHere client), release, who holds what, wait for a turn, see a line. Every refusal becomes a ``CLIFailure`` with its
/// exit status.
public struct CLIClient: Sendable {
    /// The settings shared with ncod-tui (`~/.config/ncod/tui.conf`, `NCOD_*`, flags).
    public let settings: TerminalSettings
    /// The master.
    public let api: MasterAPIClient
    /// The local VirtualHere client, through the lease's password.
    public let connector: DeviceConnector
    /// This computer's key, shared with ncod-tui.
    public let identity: ComputerIdentity
    /// The MAC addresses presented.
    public let macs: [String]
    /// Where the login is kept.
    public let sessionPath: String
    /// How often a waiting command asks for its turn.
    public var pollInterval: Duration = .milliseconds(500)
    /// Told what is happening while a command waits (one line each; to stderr in the program).
    public var progress: @Sendable (Message) -> Void = { _ in }

    /// A client over resolved settings.
    public init(settings: TerminalSettings, macs: [String], fifoDirectory: String?, environment: [String: String]) throws {
        self.settings = settings
        let presented =
            macs.isEmpty ? (settings.value(ClientSettings.mac.key, flag: nil).map { $0.split(separator: ",").map(String.init) } ?? []) : macs
        self.macs = presented.isEmpty ? MACDiscovery.addresses().map(\.description) : presented
        api = MasterAPIClient(baseURL: settings.masterURL, caFile: settings.caFile, language: settings.language)
        let transport: any VHTransport =
            settings.value(ClientSettings.virtualHereClient.key, flag: nil).map { VHCommandLineTransport(binary: $0) }
            ?? VHFIFOTransport(folder: settings.value(ClientSettings.virtualHereFIFODirectory.key, flag: fifoDirectory) ?? "/tmp")
        connector = DeviceConnector(api: api, virtualHere: VirtualHereClient(transport: transport))
        identity = try ComputerIdentity.loadOrCreate(at: ComputerIdentity.defaultPath(environment: environment))
        sessionPath = CLISession.defaultPath(environment: environment)
    }

    /// Closes the connections.
    public func shutdown() async { await api.shutdown() }

    // MARK: - Login

    /// Logs in as `username` from this computer (its key signs a fresh challenge) and keeps the login for later runs.
    public func login(username: String, password: String) async throws -> UserProfile {
        let challenge = try await api.challenge()
        let claim = try identity.claim(username: username, nonce: challenge.nonce, hostname: ComputerIdentity.hostname, macs: macs)
        let tokens = try await api.login(LoginRequest(username: username, password: password, client: .terminal, computer: claim))
        try CLISession(master: settings.masterURL, username: tokens.user.username, refreshToken: tokens.refreshToken).save(to: sessionPath)
        settings.remember(username: tokens.user.username)
        return tokens.user
    }

    /// Ends the kept login here and on the master.
    public func logout() async throws -> Bool {
        guard (try? await resume()) != nil else {
            CLISession.remove(at: sessionPath)
            return false
        }
        await api.logout()
        CLISession.remove(at: sessionPath)
        return true
    }

    /// Picks up the kept login: spends its refresh token for fresh tokens and keeps the new one. Refused (exit 5) when there is
    /// none, it is for another master, or the master ended it.
    @discardableResult
    public func resume() async throws -> UserProfile {
        try await CLISession.locked(sessionPath) {
            guard let session = try CLISession.load(from: sessionPath), session.master == settings.masterURL else {
                throw CLIFailure(
                    .notLoggedIn,
                    Message("not logged in to \(settings.masterURL): run ncod login", zh: "尚未登录 \(settings.masterURL)：请运行 ncod login"))
            }
            let tokens: TokenResponse
            do {
                tokens = try await api.resume(refreshToken: session.refreshToken)
            } catch APIError.problem(let problem) where CLIExit.of(problemCode: problem.code) == .notLoggedIn {
                CLISession.remove(at: sessionPath)
                let why = problem.detail ?? problem.code
                throw CLIFailure(
                    .notLoggedIn, Message("your login has ended (\(why)): run ncod login", zh: "登录已结束（\(why)）：请运行 ncod login"),
                    code: problem.code)
            }
            try CLISession(master: session.master, username: tokens.user.username, refreshToken: tokens.refreshToken).save(to: sessionPath)
            return tokens.user
        }
    }

    // MARK: - Devices

    /// The devices (present ones), narrowed by `filter` (words of the address, name, slave, holder or tags, or a description such as
    /// `tag:st-link`) and to those free for the caller when `freeOnly`.
    public func devices(filter: String?, freeOnly: Bool) async throws -> [CLIDevice] {
        try await resume()
        let match = try filter.flatMap { text in text.contains(":") ? try DeviceMatch(parsing: text) : nil }
        let words = filter?.lowercased()
        return try await api.devices().filter { view in
            if freeOnly, !view.isFreeForMe { return false }
            if let match { return match.matches(view.device) }
            guard let words, !words.isEmpty else { return true }
            let row = CLIDevice(view)
            return ([row.address, row.name, row.slave, row.vidPid, row.heldBy ?? ""] + row.tags).contains { $0.lowercased().contains(words) }
        }.map(CLIDevice.init)
    }

    /// The device `reference` names: its id, its VirtualHere address, its nickname, or words only its name has.
    func resolve(_ reference: String, in views: [DeviceView]) throws -> DeviceView {
        let wanted = reference.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = UUID(uuidString: wanted), let view = views.first(where: { $0.id == id }) { return view }
        if let view = views.first(where: { $0.device.vhAddress.lowercased() == wanted }) { return view }
        let named = views.filter { $0.device.nickname?.lowercased() == wanted }
        if named.count == 1 { return named[0] }
        let partial = views.filter { CLIDevice($0).name.lowercased().contains(wanted) }
        if partial.count == 1 { return partial[0] }
        if partial.count > 1 {
            let names = partial.map { "\($0.device.vhAddress) (\(CLIDevice($0).name))" }.joined(separator: ", ")
            throw CLIFailure(
                .usage,
                Message("'\(reference)' could be any of \(names); give the address", zh: "“\(reference)”可能是 \(names) 中任一个；请给出地址"))
        }
        throw CLIFailure(.notFound, Message("no device '\(reference)' (see ncod devices)", zh: "没有设备“\(reference)”（见 ncod devices）"))
    }

    // MARK: - Take and release

    /// What `ncod take` did.
    public struct Taken: Codable, Sendable, Equatable {
        /// The device.
        public var device: CLIDevice
        /// The lease.
        public var leaseID: UUID
        /// Until when the device is kept (a timed hold: no renewals needed).
        public var until: Date
        /// How long the caller waited for it, in seconds.
        public var waitedSeconds: Int
    }

    /// Takes `reference`, or any free device matching `match`, as a timed hold for `seconds`, and uses it in the local VirtualHere
    /// client. With `wait`, joins the line when it is busy and takes it when the turn comes (giving up after `timeout` seconds).
    public func take(_ reference: String?, match: DeviceMatch?, seconds: Int, wait: Bool, timeout: Int?) async throws -> Taken {
        try await resume()
        let started = Date()
        let deadline = timeout.map { started.addingTimeInterval(TimeInterval($0)) }
        let views = try await api.devices()
        var grant: LeaseGrant?
        var request: WaitRequest
        if let reference {
            let view = try resolve(reference, in: views)
            request = WaitRequest(deviceID: view.id)
            grant = try await attempt(view.id, orWait: wait)
        } else if let match {
            request = WaitRequest(match: match)
            let fitting = views.filter { match.matches($0.device) }
            guard !fitting.isEmpty else {
                throw CLIFailure(.notFound, Message("no device matches \(match)", zh: "没有设备符合 \(match)"))
            }
            for view in fitting.filter(\.isFreeForMe).sorted(by: { $0.device.vhAddress < $1.device.vhAddress }) where grant == nil {
                grant = try await attempt(view.id, orWait: true)
            }
            if grant == nil, !wait {
                throw CLIFailure(
                    .busy, Message("all \(fitting.count) devices matching \(match) are in use", zh: "符合 \(match) 的 \(fitting.count) 个设备都在使用中"),
                    code: "device_busy")
            }
        } else {
            throw CLIFailure(.usage, Message("name a device, or give --match", zh: "请指定设备，或使用 --match"))
        }
        if grant == nil {
            let turn = try await waitForTurn(request, deadline: deadline)
            guard let offered = turn.offeredDeviceID else { throw CLIFailure(.failed, Message("no device was offered", zh: "没有可用设备")) }
            grant = try await api.takeLease(deviceID: offered)
        }
        guard let grant else { throw CLIFailure(.failed, Message("nothing was taken", zh: "未能占用设备")) }
        do {
            let held = try await api.holdLease(grant.lease.id, until: Date().addingTimeInterval(TimeInterval(seconds)), timed: true)
            try await connector.attach(grant)
            let view = try await api.device(grant.lease.deviceID)
            return Taken(
                device: CLIDevice(view), leaseID: grant.lease.id, until: held.endsAt ?? held.expiresAt,
                waitedSeconds: Int(Date().timeIntervalSince(started)))
        } catch {
            try? await api.releaseLease(grant.lease.id)  // not left holding what could not be used
            throw error
        }
    }

    /// Tries to take `deviceID`; `nil` when it is busy or kept for someone else and the caller will wait (`orWait`).
    private func attempt(_ deviceID: UUID, orWait: Bool) async throws -> LeaseGrant? {
        do {
            return try await api.takeLease(deviceID: deviceID)
        } catch APIError.problem(let problem) where orWait && ["device_busy", "device_reserved"].contains(problem.code) {
            if problem.detail == "you already hold this device" { throw APIError.problem(problem) }
            return nil
        }
    }

    /// Releases `reference` (or everything held, and every place in line, with `all`): VirtualHere lets it go here, the lease ends.
    /// Returns the addresses released.
    public func release(_ reference: String?, all: Bool) async throws -> [String] {
        try await resume()
        let leases = try await api.myLeases()
        var chosen = leases
        if !all {
            guard let reference else { throw CLIFailure(.usage, Message("name a device, or give --all", zh: "请指定设备，或使用 --all")) }
            let wanted = reference.lowercased()
            chosen = leases.filter { $0.vhAddress.lowercased() == wanted || $0.deviceID.uuidString.lowercased() == wanted }
            if chosen.isEmpty, let view = try? resolve(reference, in: try await api.devices()) {
                chosen = leases.filter { $0.deviceID == view.id }
            }
            guard !chosen.isEmpty else {
                throw CLIFailure(.notFound, Message("you do not hold '\(reference)'", zh: "您没有占用“\(reference)”"))
            }
        }
        for lease in chosen { try await connector.letGo(lease) }
        if all {
            for wait in try await api.myWaits() { try? await api.leaveWait(wait.id) }
        }
        return chosen.map(\.vhAddress)
    }

    // MARK: - Lines

    /// Who holds `reference` and who waits for it.
    public func who(_ reference: String) async throws -> (device: CLIDevice, queue: QueueView) {
        try await resume()
        let view = try resolve(reference, in: try await api.devices())
        return (CLIDevice(view), try await api.queue(view.id))
    }

    /// Joins the line (or keeps the caller's place in it) and returns once it is their turn: the device is then kept for them until
    /// the window ends. Leaves the line when `timeout` passes (exit 4) or the wait is cancelled (Ctrl-C: exit 130).
    public func wait(_ reference: String?, match: DeviceMatch?, timeout: Int?) async throws -> WaitView {
        try await resume()
        let request: WaitRequest
        if let reference {
            request = WaitRequest(deviceID: try resolve(reference, in: try await api.devices()).id)
        } else if let match {
            request = WaitRequest(match: match)
        } else {
            throw CLIFailure(.usage, Message("name a device, or give --match", zh: "请指定设备，或使用 --match"))
        }
        return try await waitForTurn(request, deadline: timeout.map { Date().addingTimeInterval(TimeInterval($0)) })
    }

    /// The line of `reference`; with `leave`, the caller leaves it first.
    public func queue(_ reference: String, leave: Bool) async throws -> QueueView {
        try await resume()
        let view = try resolve(reference, in: try await api.devices())
        if leave {
            let mine = try await api.myWaits().filter { $0.deviceID == view.id || $0.offeredDeviceID == view.id }
            guard !mine.isEmpty else {
                throw CLIFailure(.notFound, Message("you are not waiting for \(view.device.vhAddress)", zh: "您没有在排队等 \(view.device.vhAddress)"))
            }
            for wait in mine { try await api.leaveWait(wait.id) }
        }
        return try await api.queue(view.id)
    }

    private func waitForTurn(_ request: WaitRequest, deadline: Date?) async throws -> WaitView {
        var wait: WaitView
        do {
            wait = try await api.joinWait(request)
        } catch APIError.problem(let problem) where problem.code == "already_waiting" {
            // Waiting already (another run, or ncod-tui): keep that place.
            guard let existing = try await api.myWaits().first(where: { $0.deviceID == request.deviceID && $0.match == request.match }) else {
                throw APIError.problem(problem)
            }
            wait = existing
        }
        var lastPlace = -1
        do {
            while !wait.isTurn {
                if wait.place != lastPlace {
                    lastPlace = wait.place
                    progress(Message("waiting: #\(wait.place) of \(wait.waiting) in line", zh: "排队中：第 \(wait.place) 位，共 \(wait.waiting) 人"))
                }
                if let deadline, Date() >= deadline {
                    try? await api.leaveWait(wait.id)
                    throw CLIFailure(.timedOut, Message("timed out waiting; you left the line", zh: "等待超时；已退出排队"))
                }
                try await Task.sleep(for: pollInterval)
                guard let current = try await api.myWaits().first(where: { $0.id == wait.id }) else {
                    throw CLIFailure(
                        .failed, Message("your place in line ended (the turn passed, or an administrator ended it)", zh: "您的排队已结束（未按时使用，或被管理员取消）"))
                }
                wait = current
            }
        } catch is CancellationError {
            let id = wait.id
            await Task { [api] in try? await api.leaveWait(id) }.value  // a task of its own: this one is cancelled
            throw CLIFailure(.interrupted, Message("interrupted; you left the line", zh: "已中断；已退出排队"))
        }
        return wait
    }
}
