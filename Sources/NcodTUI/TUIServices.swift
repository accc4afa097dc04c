import Foundation
import NcodClient
import NcodConnect
import NcodCore

/// What ncod-tui needs from the world: the master, the connector, the news. Tests pass a fake.
public protocol TUIServices: Sendable {
    /// Logs in from this computer.
    func login(username: String, password: String) async throws -> UserProfile
    /// Where the person and this computer stand (the computer proves its key; no password).
    func standing(username: String) async throws -> Standing
    /// The organisation tree.
    func orgUnits() async throws -> [OrgUnitNode]
    /// Registers an account.
    func register(_ request: RegisterRequest) async throws
    /// The inventory.
    func devices() async throws -> [DeviceView]
    /// Connects a device through VirtualHere.
    func connect(_ deviceID: UUID) async throws
    /// Releases a device.
    func disconnect(_ deviceID: UUID) async throws
    /// Releases everything held (on quit), from this run or an earlier one.
    func releaseAll() async
    /// Keeps everything held as a timed hold until the end `text` names (`2h`, `18:00`); returns that end.
    func keepAll(until text: String) async throws -> Date
    /// Extends the lease on a device (its one extension); returns the new end.
    func extend(_ deviceID: UUID) async throws -> Date
    /// Joins a device's waiting list; returns the place.
    func joinWait(_ deviceID: UUID) async throws -> WaitView
    /// Leaves a waiting list.
    func leaveWait(_ id: UUID) async throws
    /// News from the master, as actions: changes, lost leases, the user's turn, connection lost and back.
    func news() -> AsyncStream<TUIAction>
}

/// The real services: the master's API, the device connector over the local VirtualHere client, the event stream.
public final class LiveTUIServices: TUIServices {
    let api: MasterAPIClient
    let connector: DeviceConnector
    let events: EventStreamClient
    let macs: [String]
    let identity: ComputerIdentity
    let hostname: String

    /// Services over `api` and `connector`, logging in as this computer: `identity`'s key, `hostname` and `macs`.
    public init(
        api: MasterAPIClient, connector: DeviceConnector, baseURL: String, caFile: String, macs: [String], identity: ComputerIdentity,
        hostname: String
    ) {
        self.api = api
        self.connector = connector
        self.macs = macs
        self.identity = identity
        self.hostname = hostname
        self.events = EventStreamClient(baseURL: baseURL, caFile: caFile) { await api.accessToken }
    }

    /// Logs in from this computer, proving its key over a fresh challenge and presenting its MAC addresses.
    public func login(username: String, password: String) async throws -> UserProfile {
        let computer = try await claim(username)
        return try await api.login(LoginRequest(username: username, password: password, client: .terminal, computer: computer)).user
    }

    /// Where the person and this computer stand.
    public func standing(username: String) async throws -> Standing {
        try await api.standing(StandingRequest(username: username, computer: try await claim(username)))
    }

    private func claim(_ username: String) async throws -> ComputerClaim {
        let challenge = try await api.challenge()
        return try identity.claim(username: username, nonce: challenge.nonce, hostname: hostname, macs: macs)
    }

    /// The organisation tree.
    public func orgUnits() async throws -> [OrgUnitNode] { try await api.orgUnits() }

    /// Registers an account, with this computer in the same request.
    public func register(_ request: RegisterRequest) async throws {
        var request = request
        request.computer = identity.unsignedClaim(hostname: hostname, macs: macs)
        _ = try await api.register(request)
    }

    /// The inventory.
    public func devices() async throws -> [DeviceView] { try await api.devices() }

    /// Connects a device through the connector.
    public func connect(_ deviceID: UUID) async throws { _ = try await connector.connect(deviceID: deviceID) }

    /// Releases a device, whether this run connected it or an earlier one did.
    public func disconnect(_ deviceID: UUID) async throws {
        if let connection = await connector.active.first(where: { $0.deviceID == deviceID }) {
            try await connector.disconnect(connection)
            return
        }
        // Held from an earlier run of ncod-tui: let VirtualHere go and release the lease.
        guard let lease = try await api.myLeases().first(where: { $0.deviceID == deviceID }) else { return }
        try await connector.letGo(lease)
    }

    /// Keeps every held device, from this run or an earlier one, as a timed hold until the end `text` names.
    public func keepAll(until text: String) async throws -> Date {
        guard let end = DurationText.end(text, from: Date(), timeZone: .current) else { throw TUIInputError.badEnd(text) }
        let kept = Set(try await connector.keepAll(until: end))
        for lease in try await api.myLeases() where !kept.contains(lease.id) {
            _ = try await api.holdLease(lease.id, until: end, timed: true)
        }
        return end
    }

    /// Extends the lease on `deviceID` to the device's maximum hold from now (an hour when it has none).
    public func extend(_ deviceID: UUID) async throws -> Date {
        guard let lease = try await api.myLeases().first(where: { $0.deviceID == deviceID }) else { throw TUIInputError.notHeld }
        let until = Date().addingTimeInterval(TimeInterval(lease.maxHoldSeconds ?? 3600))
        return try await api.holdLease(lease.id, until: until, timed: lease.timed).endsAt ?? until
    }

    /// Joins a device's waiting list.
    public func joinWait(_ deviceID: UUID) async throws -> WaitView { try await api.joinWait(WaitRequest(deviceID: deviceID)) }

    /// Leaves a waiting list.
    public func leaveWait(_ id: UUID) async throws { try await api.leaveWait(id) }

    /// Releases every held device: those this run connected, then any held from an earlier run.
    public func releaseAll() async {
        await connector.disconnectAll()
        for lease in (try? await api.myLeases()) ?? [] { try? await connector.letGo(lease) }
    }

    /// The event stream and the connector's notices, as actions.
    public func news() -> AsyncStream<TUIAction> {
        let (stream, continuation) = AsyncStream.makeStream(of: TUIAction.self)
        let me = Task { await api.user?.id }
        let news = events.news()
        let eventsTask = Task {
            let myID = await me.value
            for await item in news {
                switch item {
                case .connectionLost: continuation.yield(.connection(lost: true))
                case .connectionBack: continuation.yield(.connection(lost: false))
                case .reload: continuation.yield(.changed)
                case .event(let event):
                    let mine = event.details["userID"] == myID?.uuidString
                    if event.kind == .lease, event.action == "ended", mine, let reason = event.details["reason"], reason != "released",
                        let device = event.deviceID
                    {
                        continuation.yield(.leaseLost(deviceID: device, reason: reason, why: event.details["why"]))
                    } else if event.kind == .wait, event.action == "offered", mine, let device = event.deviceID,
                        let until = event.details["until"].flatMap({ ISO8601DateFormatter().date(from: $0) })
                    {
                        continuation.yield(.turn(deviceID: device, until: until))
                    } else {
                        continuation.yield(.changed)
                    }
                }
            }
        }
        let noticesTask = Task {
            for await notice in connector.notices {
                if case .leaseLost(let device, _, let reason) = notice { continuation.yield(.leaseLost(deviceID: device, reason: reason)) }
            }
        }
        continuation.onTermination = { _ in
            eventsTask.cancel()
            noticesTask.cancel()
        }
        return stream
    }
}
