import Crypto
import Foundation
import NcodCore
import NcodStore
import Vapor

/// Taking, renewing and releasing leases: the rules, the audit and the events. Every ending goes through ``LeaseEnding``.
enum LeaseDesk {
    /// Takes a lease on `deviceID` for the caller: an active account on a bound terminal, a present device on an online slave,
    /// nobody else holding it (the database decides races). Returns the one-time VirtualHere password with it.
    static func take(deviceID: UUID, request: Request) async throws -> LeaseGrant {
        let principal = try request.principal
        guard principal.client == .terminal, let bindingID = principal.bindingID else {
            throw Problem(
                status: 403, code: "terminal_only", title: "Forbidden",
                detail:
                    "devices are connected from ncod-tui on a registered computer, not from \(principal.client == .web ? "the web" : "the admin console")"
            )
        }
        let store = Store(database: request.db)
        guard let device = try await store.devices.find(deviceID), let slave = try await store.slaves.find(device.slaveID) else {
            throw StoreError.notFound(entity: "device", key: deviceID.uuidString)
        }
        guard device.present, slave.status == .online else {
            throw Problem(
                status: 409, code: "device_offline", title: "Device Offline",
                detail: device.present
                    ? "slave '\(slave.name)' is offline" : "\(device.product ?? device.vidPid) is no longer plugged in at \(slave.name)"
            )
        }
        let now = request.ncod.now()
        let password = TemporaryPassword.make()
        let ttl = request.ncod.leaseTTLSeconds
        let lease: Lease
        do {
            lease = try await store.leases.acquire(
                Lease(
                    id: UUID(), deviceID: device.id, userID: principal.user.id, bindingID: bindingID, startedAt: now,
                    expiresAt: now.addingTimeInterval(TimeInterval(ttl)), passwordMD5: md5Hex(password)
                )
            )
        } catch StoreError.deviceBusy(let holder) {
            let name = try await store.users.find(holder.userID)?.displayName ?? "someone else"
            throw Problem(
                status: 409, code: "device_busy", title: "Device In Use",
                detail: holder.userID == principal.user.id ? "you already hold this device" : "in use by \(name)"
            )
        }
        try await request.audit("lease.taken", subject: "device:\(device.vhAddress)", details: ["lease": lease.id.uuidString, "slave": slave.name])
        try await store.slaves.noteLeaseChange(slave.id)  // the slave refreshes the leases its hook falls back on
        await request.ncod.events.publish([event(lease, action: "taken", slaveID: slave.id, vhAddress: device.vhAddress, at: now)])
        return LeaseGrant(
            lease: LeaseView(lease, vhAddress: device.vhAddress, holder: principal.user), password: password, vhAddress: device.vhAddress,
            hubAddress: slave.hubAddress, ttlSeconds: ttl
        )
    }

    /// Extends the caller's own active lease by the TTL; an expired lease is ended and refused (410).
    static func renew(leaseID: UUID, request: Request) async throws -> LeaseView {
        let (lease, device, user) = try await own(leaseID, request: request)
        let store = Store(database: request.db)
        let now = request.ncod.now()
        if lease.expiresAt <= now {
            try? await LeaseEnding.end(lease, reason: .expired, actor: user.username, request: request)
            throw Problem(
                status: 410, code: "lease_expired", title: "Lease Expired", detail: "this lease expired before it was renewed; connect again")
        }
        let renewed: Lease
        do {
            renewed = try await store.leases.renew(lease.id, until: now.addingTimeInterval(TimeInterval(request.ncod.leaseTTLSeconds)))
        } catch StoreError.invalid {
            // Ended a moment ago (the device was unplugged, an administrator ended it): as gone as if it never was the caller's.
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "lease \(lease.id) has already ended")
        }
        return LeaseView(renewed, vhAddress: device.vhAddress, holder: user)
    }

    /// Releases the caller's own lease.
    static func release(leaseID: UUID, request: Request) async throws {
        let (lease, _, user) = try await own(leaseID, request: request)
        try await LeaseEnding.end(lease, reason: .released, actor: user.username, request: request)
    }

    /// The active leases on `slave`'s devices, as the slave needs them to answer ClientAuthorization on its own; `devices`, when the
    /// caller has just read them, spares reading them again.
    static func known(for slave: Slave, devices stored: [Device]? = nil, store: Store) async throws -> [KnownLease] {
        let leases = try await store.leases.active(slaveID: slave.id).filter { $0.passwordMD5 != nil }
        guard !leases.isEmpty else { return [] }  // the usual report: one query
        let list = if let stored { stored } else { try await store.devices.list(slaveID: slave.id) }
        let devices = Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
        let holders = Dictionary(uniqueKeysWithValues: try await store.users.find(ids: Set(leases.map(\.userID))).map { ($0.id, $0.username) })
        return leases.compactMap { lease -> KnownLease? in
            guard let device = devices[lease.deviceID], let md5 = lease.passwordMD5 else { return nil }
            return KnownLease(vhAddress: device.vhAddress, passwordMD5: md5, holder: holders[lease.userID] ?? "?", expiresAt: lease.expiresAt)
        }.sorted { $0.vhAddress < $1.vhAddress }
    }

    /// The caller's own active lease with its device and holder; 404 when it is not the caller's or not active.
    private static func own(_ leaseID: UUID, request: Request) async throws -> (Lease, Device, User) {
        let user = try request.principal.user
        let store = Store(database: request.db)
        guard let lease = try await store.leases.find(leaseID), lease.userID == user.id, lease.isActive,
            let device = try await store.devices.find(lease.deviceID)
        else {
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "no active lease \(leaseID) of yours")
        }
        return (lease, device, user)
    }

    static func event(_ lease: Lease, action: String, slaveID: UUID, vhAddress: String, at now: Date) -> ChangeEvent {
        ChangeEvent(
            kind: .lease, action: action, subjectID: lease.id, slaveID: slaveID, deviceID: lease.deviceID, at: now,
            details: ["userID": lease.userID.uuidString, "vhAddress": vhAddress]
        )
    }

    /// Lower-case hex MD5, the form VirtualHere hands ClientAuthorization as `$PASSWORD$`.
    static func md5Hex(_ text: String) -> String {
        Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
