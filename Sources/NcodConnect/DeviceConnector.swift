import Foundation
import NcodClient
import NcodCore
import NcodVirtualHere

/// Connects and disconnects devices for the user: take a lease on the master, `USE` it in the local VirtualHere client with
/// the lease's one-time password, confirm through LIST (VirtualHere can report a failed USE that in fact worked), and renew
/// the lease in the background until disconnected. A lease the master ends (forced off, expired, device gone) is reported on
/// ``notices`` and the device is let go locally.
public actor DeviceConnector {
    /// A device in use through this connector.
    public struct Connection: Sendable, Equatable {
        /// The lease.
        public var leaseID: UUID
        /// The device.
        public var deviceID: UUID
        /// Its VirtualHere address.
        public var vhAddress: String
        /// Seconds each renewal extends the lease by.
        public var ttlSeconds: Int
        /// The lease's one-time VirtualHere password (the holder's own; needed to `USE` again after VirtualHere restarts).
        public var password: String
    }

    /// Something the user should hear about without having asked.
    public enum Notice: Sendable, Equatable {
        /// The lease is gone (ended by an administrator, expired, device removed): the device was let go.
        case leaseLost(deviceID: UUID, vhAddress: String, reason: String)
        /// Renewing failed for now (the master is unreachable); the lease may run out if this goes on.
        case renewalTrouble(vhAddress: String, reason: String)
    }

    let api: MasterAPIClient
    let virtualHere: VirtualHereClient
    let confirmAttempts: Int
    private var renewals: [UUID: Task<Void, Never>] = [:]
    private var connections: [UUID: Connection] = [:]
    private let noticeSink: AsyncStream<Notice>.Continuation
    /// Lease losses and renewal trouble, as they happen.
    public nonisolated let notices: AsyncStream<Notice>

    /// A connector over the master `api` and the local `virtualHere` client.
    public init(api: MasterAPIClient, virtualHere: VirtualHereClient, confirmAttempts: Int = 8) {
        self.api = api
        self.virtualHere = virtualHere
        self.confirmAttempts = confirmAttempts
        (notices, noticeSink) = AsyncStream.makeStream(of: Notice.self)
    }

    /// The devices connected now.
    public var active: [Connection] { Array(connections.values) }

    /// Connects `deviceID`; on any failure after the lease was taken, the lease is released again.
    public func connect(deviceID: UUID) async throws -> Connection {
        let grant: LeaseGrant
        do {
            grant = try await api.takeLease(deviceID: deviceID)
        } catch let error as APIError {
            throw ConnectError.master(error)
        }
        do {
            try await use(grant)
        } catch {
            try? await api.releaseLease(grant.lease.id)
            throw error
        }
        let connection = Connection(
            leaseID: grant.lease.id, deviceID: deviceID, vhAddress: grant.vhAddress, ttlSeconds: grant.ttlSeconds, password: grant.password)
        connections[connection.leaseID] = connection
        renewals[connection.leaseID] = Task { await self.renew(connection) }
        return connection
    }

    /// Uses a lease already taken in the local VirtualHere client, without renewing it (a timed hold needs none): for the `ncod`
    /// command, which exits once the device is in use.
    public func attach(_ grant: LeaseGrant) async throws {
        try await use(grant)
    }

    /// Lets the device go locally (`STOP USING`) and releases its lease.
    public func disconnect(_ connection: Connection) async throws {
        renewals.removeValue(forKey: connection.leaseID)?.cancel()
        connections[connection.leaseID] = nil
        _ = try? await virtualHere.send(.stopUsing(address: connection.vhAddress))
        do {
            try await api.releaseLease(connection.leaseID)
        } catch APIError.problem(let problem) where problem.code == "not_found" {
            return  // already ended on the master
        } catch let error as APIError {
            throw ConnectError.master(error)
        }
    }

    /// Disconnects everything (on quit, when the user agrees to release the devices).
    public func disconnectAll() async {
        for connection in connections.values { try? await disconnect(connection) }
    }

    /// Keeps every device connected through this connector as a timed hold until `until`: the master is told, renewals stop, and
    /// VirtualHere keeps the devices on this computer; the slave frees them when the hold is over. Returns the leases kept.
    public func keepAll(until: Date) async throws -> [UUID] {
        var kept: [UUID] = []
        for connection in connections.values {
            do {
                _ = try await api.holdLease(connection.leaseID, until: until, timed: true)
            } catch let error as APIError {
                throw ConnectError.master(error)
            }
            renewals.removeValue(forKey: connection.leaseID)?.cancel()
            connections[connection.leaseID] = nil
            kept.append(connection.leaseID)
        }
        return kept
    }

    /// Lets go of a lease this connector did not make (held from an earlier run): `STOP USING` here, then release it.
    public func letGo(_ lease: LeaseView) async throws {
        _ = try? await virtualHere.send(.stopUsing(address: lease.vhAddress))
        do {
            try await api.releaseLease(lease.id)
        } catch APIError.problem(let problem) where problem.code == "not_found" {
            return
        } catch let error as APIError {
            throw ConnectError.master(error)
        }
    }

    /// Stops renewing without releasing anything, as a crash would (for tests of lease expiry).
    public func abandonAll() {
        for task in renewals.values { task.cancel() }
        renewals.removeAll()
        connections.removeAll()
    }

    private func use(_ grant: LeaseGrant) async throws {
        let address = grant.vhAddress
        var list = try await listOrExplain()
        if list.device(address) == nil {
            // The client does not see the slave's hub yet: add it, then give discovery a moment.
            _ = try? await virtualHere.send(.manualHubAdd(address: grant.hubAddress))
            for _ in 0..<10 where list.device(address) == nil {
                try await Task.sleep(for: .milliseconds(300))
                list = try await listOrExplain()
            }
        }
        let answer: VHResponse
        do {
            answer = try await virtualHere.send(.use(address: address, password: grant.password))
        } catch let error as VHTransportError {
            throw Self.explain(error)
        }
        // Confirm: VirtualHere sometimes reports a failed USE that worked, and an OK before the device is attached.
        for attempt in 0..<confirmAttempts {
            if try await listOrExplain().device(address)?.holder == .you { return }
            if case .failed = answer, attempt >= 2 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        if case .failed(let reason) = answer { throw ConnectError.refusedByVirtualHere(reason) }
        throw ConnectError.notConfirmed(address)
    }

    private func renew(_ connection: Connection) async {
        let interval = Duration.milliseconds(max(500, connection.ttlSeconds * 1000 / 3))
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
                _ = try await api.renewLease(connection.leaseID)
            } catch is CancellationError {
                return
            } catch APIError.problem(let problem) where ["not_found", "lease_expired"].contains(problem.code) {
                connections[connection.leaseID] = nil
                renewals[connection.leaseID] = nil
                _ = try? await virtualHere.send(.stopUsing(address: connection.vhAddress))
                noticeSink.yield(.leaseLost(deviceID: connection.deviceID, vhAddress: connection.vhAddress, reason: problem.detail ?? problem.code))
                return
            } catch {
                noticeSink.yield(.renewalTrouble(vhAddress: connection.vhAddress, reason: "\(error)"))
            }
        }
    }

    private func listOrExplain() async throws -> VHClientList {
        do {
            return try await virtualHere.list()
        } catch let error as VHTransportError {
            throw Self.explain(error)
        }
    }

    private static func explain(_ error: VHTransportError) -> ConnectError {
        switch error {
        case .clientNotRunning(let detail): .virtualHereNotRunning(detail)
        case .timedOut(let detail), .io(let detail): .virtualHereNotRunning(detail)
        }
    }
}
