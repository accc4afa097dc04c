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
        let now = request.ncod.now()
        guard let device = try await store.devices.find(deviceID) else { throw StoreError.notFound(entity: "device", key: deviceID.uuidString) }
        // Its slave and its waiting list are read at once (both read-only); the list's answer counts only once the device is
        // known to be the caller's to see and online, so the refusals come in the same order as when they were read in turn.
        async let slaveRead = store.slaves.find(device.slaveID)
        async let turnRead = WaitingList.gate(device, userID: principal.user.id, store: store, now: now)
        // A device the caller's org unit may not use is, for them, no device at all.
        guard let slave = try await slaveRead, try await request.sees(device, on: slave) else {
            throw StoreError.notFound(entity: "device", key: deviceID.uuidString)
        }
        guard device.present, slave.status == .online else {
            throw Problem(
                status: 409, code: "device_offline", title: "Device Offline",
                detail: device.present
                    ? "slave '\(slave.name)' is offline" : "\(device.product ?? device.vidPid) is no longer plugged in at \(slave.name)"
            )
        }
        // Kept for someone whose turn it is, or people wait and the caller is not first: refused before the lease is tried.
        let turn = try await turnRead
        let password = TemporaryPassword.make()
        let ttl = request.ncod.leaseTTLSeconds
        let maxHold = maxHoldSeconds(device, request)
        // With a maximum hold, the lease ends by itself then, renewed or not (one extension aside).
        let endsAt = maxHold.map { now.addingTimeInterval(TimeInterval($0)) }
        let lease: Lease
        do {
            lease = try await store.leases.acquire(
                Lease(
                    id: UUID(), deviceID: device.id, userID: principal.user.id, bindingID: bindingID, startedAt: now,
                    expiresAt: min(now.addingTimeInterval(TimeInterval(ttl)), endsAt ?? .distantFuture), passwordMD5: md5Hex(password),
                    endsAt: endsAt
                )
            )
        } catch StoreError.deviceBusy(let holder) {
            if holder.userID == principal.user.id {
                throw Problem(
                    status: 409, code: "device_busy", title: "Device In Use", detail: Message("you already hold this device", zh: "您已占用此设备"))
            }
            let name = try await store.users.find(holder.userID)?.displayName ?? "someone else"
            let line = try await WaitingList.busyNote(device, store: store)
            throw Problem(
                status: 409, code: "device_busy", title: "Device In Use",
                detail: Message("in use by \(name)" + line.english, zh: "\(name) 正在使用" + line.chinese))
        }
        if let turn { try await WaitingList.fulfil(turn, device: device, request: request) }
        // The audit record and the slave's lease epoch (it refreshes the leases its hook falls back on) touch different rows:
        // written at once.
        async let audited: Void = request.audit(
            "lease.taken", subject: "device:\(device.vhAddress)", details: ["lease": lease.id.uuidString, "slave": slave.name])
        async let noted: Void = store.slaves.noteLeaseChange(slave.id)
        _ = try await (audited, noted)
        await request.ncod.events.publish([event(lease, action: "taken", slaveID: slave.id, vhAddress: device.vhAddress, at: now)])
        return LeaseGrant(
            lease: LeaseView(lease, vhAddress: device.vhAddress, holder: principal.user, maxHoldSeconds: maxHold), password: password,
            vhAddress: device.vhAddress,
            hubAddress: slave.hubAddress, ttlSeconds: ttl
        )
    }

    /// Extends the caller's own active lease by the TTL, never past its end; a timed hold needs no renewal and is answered as it
    /// is. An expired lease is ended and refused (410 `lease_expired`), and so is one past its end (410 `hold_over`).
    static func renew(leaseID: UUID, request: Request) async throws -> LeaseView {
        let (lease, device, user) = try await own(leaseID, request: request)
        let store = Store(database: request.db)
        let now = request.ncod.now()
        let view = { (lease: Lease) in LeaseView(lease, vhAddress: device.vhAddress, holder: user, maxHoldSeconds: maxHoldSeconds(device, request)) }
        if lease.expiresAt <= now {
            let reason = lease.lapseReason(at: now)
            try? await LeaseEnding.end(lease, reason: reason, actor: reason == .holdOver ? "system" : user.username, request: request)
            throw reason == .holdOver
                ? Problem(
                    status: 410, code: "hold_over", title: "Hold Over", detail: "this lease reached its end; take the device again if it is free")
                : Problem(
                    status: 410, code: "lease_expired", title: "Lease Expired", detail: "this lease expired before it was renewed; connect again")
        }
        if lease.timed { return view(lease) }
        let renewed: Lease
        do {
            let wanted = now.addingTimeInterval(TimeInterval(request.ncod.leaseTTLSeconds))
            renewed = try await store.leases.renew(lease.id, until: min(wanted, lease.endsAt ?? .distantFuture))
        } catch StoreError.invalid {
            // Ended a moment ago (the device was unplugged, an administrator ended it): as gone as if it never was the caller's.
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "lease \(lease.id) has already ended")
        }
        return view(renewed)
    }

    /// Moves the end of the caller's own lease: a timed hold (kept without renewals until then) or an extension of a lease still
    /// renewed. The end must be at least 30 seconds away and within the device's maximum hold from now; moving a bounded lease's end
    /// later is its one extension.
    static func hold(leaseID: UUID, _ body: HoldRequest, request: Request) async throws -> LeaseView {
        let (lease, device, user) = try await own(leaseID, request: request)
        let store = Store(database: request.db)
        let now = request.ncod.now()
        let maxHold = maxHoldSeconds(device, request)
        guard body.until.timeIntervalSince(now) >= 30 else {
            throw Problem.invalidField("until", "choose an end at least 30 seconds from now")
        }
        if let maxHold, body.until > now.addingTimeInterval(TimeInterval(maxHold) + 1) {
            throw Problem.invalidField("until", "this device may be held for at most \(DurationText.text(maxHold)) from now")
        }
        let extending = lease.endsAt.map { body.until > $0 } ?? false
        if extending, try await WaitingList.anyoneWaits(for: device, store: store) {
            throw Problem(
                status: 409, code: "people_waiting", title: "Conflict",
                detail: Message(
                    "people are waiting for this device, so it cannot be held longer; release it when you are done",
                    zh: "有人在排队等这个设备，不能延长；用完请释放"))
        }
        if extending, lease.extended {
            throw Problem(
                status: 409, code: "extension_used", title: "Conflict",
                detail: "this lease was extended once already; release it and take it again if it is free")
        }
        let expiresAt = body.timed ? body.until : min(max(lease.expiresAt, now), body.until)
        let held: Lease
        do {
            held = try await store.leases.hold(
                lease.id, until: body.until, timed: body.timed, extended: lease.extended || extending, expiresAt: expiresAt)
        } catch StoreError.invalid {
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "lease \(lease.id) has already ended")
        }
        try await request.audit(
            body.timed ? "lease.held" : "lease.extended", subject: "device:\(device.vhAddress)", actor: user.username,
            details: ["lease": lease.id.uuidString, "until": ISO8601DateFormatter().string(from: body.until), "extension": String(extending)])
        try await store.slaves.noteLeaseChange(device.slaveID)  // the slave's known leases carry the new expiry
        await request.ncod.events.publish([event(held, action: "changed", slaveID: device.slaveID, vhAddress: device.vhAddress, at: now)])
        return LeaseView(held, vhAddress: device.vhAddress, holder: user, maxHoldSeconds: maxHold)
    }

    /// The longest hold on `device`: its own maximum, else the site's; `nil` for none.
    static func maxHoldSeconds(_ device: Device, _ request: Request) -> Int? {
        device.maxHoldSeconds ?? request.ncod.maxHoldSeconds
    }

    /// Releases the caller's own lease.
    static func release(leaseID: UUID, request: Request) async throws {
        let (lease, _, user) = try await own(leaseID, request: request)
        try await LeaseEnding.end(lease, reason: .released, actor: user.username, request: request)
    }

    /// Whether VirtualHere may admit a client to `vhAddress` on `slave` with this password MD5 (ClientAuthorization): only the
    /// password of the device's active, unexpired lease admits.
    static func admission(vhAddress: String, passwordMD5: String, slave: Slave, store: Store, now: Date) async throws
        -> AuthorizationRequest.Decision
    {
        let device = try await store.devices.list(slaveID: slave.id).first { $0.vhAddress.lowercased() == vhAddress.lowercased() }
        guard let device, let lease = try await store.leases.active(deviceID: device.id) else {
            return AuthorizationRequest.Decision(allow: false, reason: "no lease on \(vhAddress)")
        }
        let holder = try await store.users.find(lease.userID)?.username
        if lease.expiresAt <= now { return .init(allow: false, reason: "the lease on \(vhAddress) has expired", holder: holder) }
        if passwordMD5.isEmpty { return .init(allow: false, reason: "no password given", holder: holder) }
        if let md5 = lease.passwordMD5, SecretHash.equalInConstantTime(md5, passwordMD5.lowercased()) {
            return .init(allow: true, reason: "lease of \(holder ?? "?")", holder: holder)
        }
        return .init(allow: false, reason: "the password does not match the lease on \(vhAddress)", holder: holder)
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
