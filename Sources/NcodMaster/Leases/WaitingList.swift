import Foundation
import NcodCore
import NcodStore
import Vapor

/// The waiting lists: the one home of their rules.
///
/// - A person joins the list of a device, or waits for any device matching a description (a pool). The line is the order of
///   joining, across both kinds: a freed device goes to the first wait in line that wants it.
/// - ``allocate(store:now:window:events:)`` gives each free device to the first wait that wants it, for the hold window: only that
///   person may take it then (``gate(_:userID:store:now:)``). A window that passes ends the wait (`lapsed`) and the device goes to the
///   next. It runs right after a lease ends here, after each join and leave, and on every sweep turn (devices coming back, windows
///   passing, leases ended by other paths or on the other master).
/// - Every step is audited (`wait.joined`, `wait.left`, `wait.offered`, `wait.lapsed`, `wait.taken`, `wait.withdrawn`) and
///   published as a `wait` event, which tells the person whose turn it is at once.
/// - The lists live in the database: they survive a restart, and two masters share them (partial unique indexes keep one offer
///   per device and one wait per person and target).
enum WaitingList {
    /// Joins the caller to a device's list or a pool, and gives them the device at once when it is free and nobody is before them.
    static func join(_ body: WaitRequest, request: Request) async throws -> WaitView {
        let user = try request.principal.user
        let store = Store(database: request.db)
        let now = request.ncod.now()
        guard (body.deviceID == nil) != (body.match == nil) else {
            throw Problem.invalidField("deviceID", "give either deviceID (one device) or match (vvvv:pppp, tag:NAME, product:TEXT), not both")
        }
        var subject = "match:\(body.match?.description ?? "")"
        if let deviceID = body.deviceID {
            guard let device = try await store.devices.find(deviceID), let slave = try await store.slaves.find(device.slaveID),
                try await request.sees(device, on: slave)
            else { throw StoreError.notFound(entity: "device", key: deviceID.uuidString) }
            if try await store.leases.active(deviceID: deviceID)?.userID == user.id {
                throw Problem(status: 409, code: "already_holder", title: "Conflict", detail: "you hold this device already")
            }
            subject = "device:\(device.vhAddress)"
        }
        let wait: Wait
        do {
            wait = try await store.waits.join(
                Wait(id: UUID(), userID: user.id, deviceID: body.deviceID, match: body.match, joinedAt: now))
        } catch StoreError.duplicate {
            throw Problem(status: 409, code: "already_waiting", title: "Conflict", detail: "you are on this waiting list already")
        }
        try await request.audit("wait.joined", subject: subject, details: ["wait": wait.id.uuidString])
        await request.ncod.events.publish([event(wait, action: "joined", deviceID: wait.deviceID, at: now)])
        try await allocate(request)
        return try await view(of: wait.id, for: user.id, store: store)
    }

    /// Takes the caller off a list; a device kept for them goes to the next in line.
    static func leave(_ id: UUID, request: Request) async throws {
        let user = try request.principal.user
        let store = Store(database: request.db)
        let now = request.ncod.now()
        guard let wait = try await store.waits.find(id), wait.userID == user.id,
            let left = try await store.waits.endIfActive(id, reason: .left, at: now)
        else {
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "no waiting list place \(id) of yours")
        }
        try await request.audit("wait.left", subject: try await subject(of: left, store: store), details: ["wait": id.uuidString])
        await request.ncod.events.publish([event(left, action: "left", deviceID: left.offeredDeviceID ?? left.deviceID, at: now)])
        try await allocate(request)
    }

    /// The caller's waits, with their places.
    static func mine(request: Request) async throws -> [WaitView] {
        let user = try request.principal.user
        let store = Store(database: request.db)
        let line = try await Line.read(store)
        return line.waits.filter { $0.userID == user.id }.map { line.view($0) }
    }

    /// One of the caller's waits, with its place.
    static func view(of id: UUID, for userID: UUID, store: Store) async throws -> WaitView {
        let line = try await Line.read(store)
        if let wait = line.waits.first(where: { $0.id == id }) { return line.view(wait) }
        // Taken or ended already (it was offered and taken in one go): answer it as it stands.
        guard let wait = try await store.waits.find(id), wait.userID == userID else {
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "no waiting list place \(id) of yours")
        }
        return WaitView(wait, place: 0, waiting: 0)
    }

    /// A device's line: who holds it and who waits for it, in order.
    static func queue(deviceID: UUID, request: Request) async throws -> QueueView {
        let caller = try request.principal.user.id
        let store = Store(database: request.db)
        guard let device = try await store.devices.find(deviceID), let slave = try await store.slaves.find(device.slaveID),
            try await request.sees(device, on: slave)
        else { throw StoreError.notFound(entity: "device", key: deviceID.uuidString) }
        let lease = try await store.leases.active(deviceID: deviceID)
        let line = try await Line.read(store).line(for: device)
        let names = Dictionary(
            uniqueKeysWithValues: try await store.users.find(ids: Set(line.map(\.userID) + [lease?.userID].compactMap { $0 })).map {
                ($0.id, $0.displayName)
            })
        var place = 0
        let entries = line.map { wait -> QueueView.Entry in
            if wait.offeredDeviceID == nil { place += 1 }
            return QueueView.Entry(
                place: wait.offeredDeviceID == nil ? place : 0, name: names[wait.userID] ?? "?", joinedAt: wait.joinedAt, match: wait.match,
                offeredUntil: wait.offeredUntil, mine: wait.userID == caller)
        }
        return QueueView(
            deviceID: deviceID, vhAddress: device.vhAddress, heldBy: lease.flatMap { names[$0.userID] }, heldUntil: lease?.endsAt, entries: entries)
    }

    /// Checks that `userID` may take `device` now: refused (409 `device_reserved`) when it is kept for someone else, or when people
    /// wait for it and the caller is not first. Returns the caller's wait the take fulfils, to end once the lease is taken.
    static func gate(_ device: Device, userID: UUID, store: Store, now: Date) async throws -> Wait? {
        let wanting = try await line(for: device, store: store)
        // Nobody waits, or someone holds it: the lease itself answers (taken, or busy with the line in its refusal).
        if wanting.isEmpty { return nil }
        if try await store.leases.active(deviceID: device.id) != nil { return nil }
        let names = { (id: UUID) in try await store.users.find(id)?.displayName ?? "someone" }
        if let offer = wanting.first(where: { $0.offeredDeviceID == device.id }), let until = offer.offeredUntil, until >= now {
            if offer.userID == userID { return offer }
            throw Problem(
                status: 409, code: "device_reserved", title: "Device Reserved",
                detail: Message(
                    "kept for \(try await names(offer.userID)) until \(clock(until)): their turn on the waiting list",
                    zh: "已为 \(try await names(offer.userID)) 保留至 \(clock(until))（排队轮到 TA）"))
        }
        let queued = wanting.filter { $0.offeredDeviceID == nil }
        guard let first = queued.first else { return nil }
        if first.userID == userID { return first }
        throw Problem(
            status: 409, code: "device_reserved", title: "Device Reserved",
            detail: Message(
                "\(queued.count) waiting for it, \(try await names(first.userID)) first: join the waiting list",
                zh: "有 \(queued.count) 人在排队，\(try await names(first.userID)) 排第一：请加入排队"))
    }

    /// What the device's busy refusal adds about its line: `; 2 waiting, Li Na first`, or nothing.
    static func busyNote(_ device: Device, store: Store) async throws -> (english: String, chinese: String) {
        let line = try await line(for: device, store: store).filter { $0.offeredDeviceID == nil }
        guard let first = line.first else { return ("", "") }
        let name = try await store.users.find(first.userID)?.displayName ?? "someone"
        return ("; \(line.count) waiting, \(name) first", "；\(line.count) 人排队，\(name) 排第一")
    }

    /// Whether anyone waits for `device` (a bounded lease on it cannot be extended then).
    static func anyoneWaits(for device: Device, store: Store) async throws -> Bool {
        try await !line(for: device, store: store).isEmpty
    }

    /// The active waits for `device` (wanting it, or offered it) of people who may use it, in line order. A pool's wait by someone
    /// whose unit may not use a restricted device is no part of that device's line.
    static func line(for device: Device, store: Store) async throws -> [Wait] {
        let waits = try await store.waits.allActive().filter { $0.wants(device) || $0.offeredDeviceID == device.id }
        guard !waits.isEmpty, let slave = try await store.slaves.find(device.slaveID), !(device.visibleTo.isEmpty && slave.visibleTo.isEmpty)
        else { return waits }
        let tree = try await store.orgUnits.all()
        let people = Dictionary(uniqueKeysWithValues: try await store.users.find(ids: Set(waits.map(\.userID))).map { ($0.id, $0) })
        return waits.filter { wait in people[wait.userID].map { Viewer($0, units: tree).sees(device, on: slave) } ?? false }
    }

    /// Ends `wait` as fulfilled by a lease just taken on `device`.
    static func fulfil(_ wait: Wait, device: Device, request: Request) async throws {
        let now = request.ncod.now()
        guard let ended = try await Store(database: request.db).waits.endIfActive(wait.id, reason: .taken, at: now) else { return }
        try await request.audit("wait.taken", subject: "device:\(device.vhAddress)", details: ["wait": wait.id.uuidString])
        await request.ncod.events.publish([event(ended, action: "taken", deviceID: device.id, at: now)])
    }

    /// Ends the active waits of `userID` (the account can no longer take devices); returns the events.
    static func cancel(userID: UUID, actor: String, store: Store, now: Date) async throws -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        for wait in try await store.waits.active(userID: userID) {
            if let event = try await cancel(wait, actor: actor, details: [:], store: store, now: now) { events.append(event) }
        }
        return events
    }

    /// Ends one wait as `cancelled` (the person can no longer take the device) with its audit record; returns the event to publish,
    /// or `nil` when it had ended already.
    static func cancel(_ wait: Wait, actor: String, details: [String: String], store: Store, now: Date) async throws -> ChangeEvent? {
        guard let ended = try await store.waits.endIfActive(wait.id, reason: .cancelled, at: now) else { return nil }
        try await store.audit.append(
            AuditEvent(
                at: now, actor: actor, action: "wait.cancelled", subject: try await subject(of: ended, store: store),
                details: details.merging(["wait": wait.id.uuidString]) { $1 }))
        return event(ended, action: "cancelled", deviceID: ended.offeredDeviceID ?? ended.deviceID, at: now)
    }

    /// ``allocate(store:now:window:events:)`` for a request, after its change.
    static func allocate(_ request: Request) async throws {
        try await allocate(
            store: Store(database: request.db), now: request.ncod.now(), window: request.ncod.holdWindowSeconds, events: request.ncod.events)
    }

    /// Ends offers whose window passed, takes back offers of devices that went away, and offers each free device to the first wait
    /// in line that wants it, until `now + window`. Publishes what it did. Safe to run on two masters at once.
    static func allocate(store: Store, now: Date, window: Int, events hub: EventHub) async throws {
        let active = try await store.waits.allActive()
        guard !active.isEmpty else { return }  // the usual turn: one query
        var events: [ChangeEvent] = []
        var waits: [Wait] = []
        for wait in active {
            if let until = wait.offeredUntil, until < now {
                guard let lapsed = try await store.waits.endIfActive(wait.id, reason: .lapsed, at: now) else { continue }
                try await store.audit.append(
                    AuditEvent(
                        at: now, actor: "system", action: "wait.lapsed", subject: try await subject(of: lapsed, store: store),
                        details: ["wait": wait.id.uuidString]))
                events.append(event(lapsed, action: "lapsed", deviceID: lapsed.offeredDeviceID, at: now))
            } else {
                waits.append(wait)
            }
        }
        let devices = try await store.devices.list(slaveID: nil)
        let slaves = Dictionary(uniqueKeysWithValues: try await store.slaves.all().map { ($0.id, $0) })
        let online = Set(slaves.values.filter { $0.status == .online }.map(\.id))
        // Who may see what, read only when something is restricted: a pool offers each waiter only what their unit may use.
        var viewers: [UUID: Viewer] = [:]
        if devices.contains(where: { !$0.visibleTo.isEmpty }) || slaves.values.contains(where: { !$0.visibleTo.isEmpty }) {
            let tree = try await store.orgUnits.all()
            for user in try await store.users.find(ids: Set(waits.map(\.userID))) { viewers[user.id] = Viewer(user, units: tree) }
        }
        let mayUse = { (wait: Wait, device: Device) in
            viewers[wait.userID].map { viewer in slaves[device.slaveID].map { viewer.sees(device, on: $0) } ?? false } ?? true
        }
        let leased = Set(try await store.leases.allActive().map(\.deviceID))
        let usable = { (device: Device) in device.present && online.contains(device.slaveID) && !leased.contains(device.id) }
        let byID = Dictionary(uniqueKeysWithValues: devices.map { ($0.id, $0) })
        var offered: Set<UUID> = []
        for (index, wait) in waits.enumerated() {
            guard let deviceID = wait.offeredDeviceID else { continue }
            if let device = byID[deviceID], usable(device) {
                offered.insert(deviceID)
            } else if leased.contains(deviceID) {
                offered.insert(deviceID)  // they took it a moment ago; their take ends the wait
            } else if let withdrawn = try await store.waits.withdraw(wait.id) {
                // Unplugged or its slave went offline during the window: back in line, at the same place.
                waits[index] = withdrawn
                try await store.audit.append(
                    AuditEvent(
                        at: now, actor: "system", action: "wait.withdrawn", subject: "device:\(byID[deviceID]?.vhAddress ?? deviceID.uuidString)",
                        details: ["wait": wait.id.uuidString]))
                events.append(event(withdrawn, action: "withdrawn", deviceID: deviceID, at: now))
            }
        }
        let free = devices.filter { usable($0) && !offered.contains($0.id) }.sorted { $0.vhAddress < $1.vhAddress }
        var given: Set<UUID> = []
        let until = now.addingTimeInterval(TimeInterval(window))
        for wait in waits where wait.offeredDeviceID == nil {
            guard let device = free.first(where: { !given.contains($0.id) && wait.wants($0) && mayUse(wait, $0) }) else { continue }
            given.insert(device.id)  // given, or lost to another master: either way not this turn's to give again
            guard let offer = try await store.waits.offer(wait.id, deviceID: device.id, at: now, until: until) else { continue }
            try await store.audit.append(
                AuditEvent(
                    at: now, actor: "system", action: "wait.offered", subject: "device:\(device.vhAddress)",
                    details: ["wait": wait.id.uuidString, "until": ISO8601DateFormatter().string(from: until)],
                    holder: try await store.users.find(wait.userID)?.username))
            var published = event(offer, action: "offered", deviceID: device.id, at: now)
            published.slaveID = device.slaveID
            published.details["vhAddress"] = device.vhAddress
            published.details["until"] = ISO8601DateFormatter().string(from: until)
            events.append(published)
        }
        if !events.isEmpty { await hub.publish(events) }
    }

    /// The `wait` event of `wait`: who (`userID`), what for (`match` for a pool), and the device concerned.
    static func event(_ wait: Wait, action: String, deviceID: UUID?, at now: Date) -> ChangeEvent {
        var details = ["userID": wait.userID.uuidString]
        if let match = wait.match { details["match"] = match.description }
        return ChangeEvent(kind: .wait, action: action, subjectID: wait.id, deviceID: deviceID, at: now, details: details)
    }

    /// The audit subject of a wait: its device, or its description.
    private static func subject(of wait: Wait, store: Store) async throws -> String {
        if let deviceID = wait.offeredDeviceID ?? wait.deviceID, let device = try await store.devices.find(deviceID) {
            return "device:\(device.vhAddress)"
        }
        return "match:\(wait.match?.description ?? "")"
    }

    /// `14:05` in the master's time zone.
    private static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }

    /// Every active wait with the devices, to number places.
    struct Line {
        /// Active waits, in line order.
        var waits: [Wait]
        /// Every device.
        var devices: [Device]
        /// Devices by id.
        var byID: [UUID: Device]

        /// Reads the waits and the devices.
        static func read(_ store: Store) async throws -> Line {
            let waits = try await store.waits.allActive()
            let devices = waits.isEmpty ? [] : try await store.devices.list(slaveID: nil)
            return Line(waits: waits, devices: devices, byID: Dictionary(uniqueKeysWithValues: devices.map { ($0.id, $0) }))
        }

        /// The waits in line for `device`: the one it is kept for, then those without an offer that want it.
        func line(for device: Device) -> [Wait] {
            waits.filter { $0.offeredDeviceID == device.id } + waits.filter { $0.offeredDeviceID == nil && $0.wants(device) }
        }

        /// `wait` with its place: 1 + the waits without an offer before it that want a device it wants.
        func view(_ wait: Wait) -> WaitView {
            let wanted = devices.filter { wait.wants($0) }.map(\.id)
            let rivals = waits.filter { other in other.offeredDeviceID == nil && wanted.contains { id in byID[id].map(other.wants) ?? false } }
            let place = (rivals.firstIndex { $0.id == wait.id } ?? rivals.count) + 1
            let address = wait.offeredDeviceID.flatMap { byID[$0]?.vhAddress }
            return WaitView(wait, place: place, waiting: max(rivals.count, 1), offeredVhAddress: address)
        }
    }
}
