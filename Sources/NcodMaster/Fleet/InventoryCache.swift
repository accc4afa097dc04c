import Foundation
import NcodCore
import NcodStore
import Synchronization
import Vapor

/// The device list as `GET /api/v1/devices` answers it, kept in memory with each device already encoded, and patched from
/// the change feed.
///
/// Every change to a device, a lease, a slave or an account is published on the ``EventHub``, which marks what it touched
/// here before the request that made the change answers. A list request first brings the marked devices up to date (one
/// database read for the marked ones, not the whole inventory), then joins the stored fragments. Only the devices the caller
/// holds or waits for are encoded per request (their `heldByMe`, `myLeaseID`, `myPlace` and `reservedForMe` are the caller's own). Events from the other masters of a
/// fleet arrive through the same hub, so their changes are marked here too.
final class InventoryCache: Sendable {
    /// More marked devices than this and the refresh reads the whole inventory instead.
    static let patchLimit = 512

    private let marks = Mutex(Marks())
    private let state = InventoryState()

    /// An empty cache; the first list request reads the whole inventory.
    init() {}

    /// Marks what `events` touched as stale.
    func invalidate(_ events: [ChangeEvent]) {
        guard !events.isEmpty else { return }  // a report that changed nothing publishes nothing
        marks.withLock { marks in
            for event in events { marks.add(event) }
            marks.generation += 1
        }
    }

    /// Marks everything stale (a change not described by an event, or events that were lost).
    func invalidateAll() {
        marks.withLock { marks in
            marks.everything = true
            marks.generation += 1
        }
    }

    /// The JSON array of ``DeviceView``s for `caller`, present devices only unless `includeAbsent`, reflecting every change
    /// published before the call.
    ///
    /// While some device or slave is restricted to org units, `viewer` is asked who is looking, and a caller who is not an
    /// administrator gets only what their unit may see.
    func list(caller: UUID, includeAbsent: Bool, store: Store, viewer: @Sendable () async throws -> Viewer) async throws -> ByteBuffer {
        let wanted = marks.withLock { $0.generation }
        try await state.catchUp(to: wanted, store: store, take: { self.marks.withLock { $0.take() } }, restore: restore)
        let looking = state.fences.withLock { !$0.isEmpty } ? try await viewer() : nil
        return try await state.body(caller: caller, includeAbsent: includeAbsent, viewer: looking?.units == nil ? nil : looking)
    }

    /// What `GET /api/v1/devices` answers `caller`: the list's entity tag, and the list itself unless `ifNoneMatch` already names
    /// that tag (then nil: 304), gzip-compressed when `gzip` (the compressed copy is made once per change, and kept).
    func answer(
        caller: UUID, includeAbsent: Bool, gzip: Bool, ifNoneMatch: [String], store: Store, viewer: @Sendable () async throws -> Viewer
    ) async throws -> InventoryAnswer {
        let wanted = marks.withLock { $0.generation }
        try await state.catchUp(to: wanted, store: store, take: { self.marks.withLock { $0.take() } }, restore: restore)
        let looking = state.fences.withLock { !$0.isEmpty } ? try await viewer() : nil
        return try await state.answer(
            caller: caller, includeAbsent: includeAbsent, viewer: looking?.units == nil ? nil : looking, gzip: gzip, ifNoneMatch: ifNoneMatch)
    }

    /// Whether `viewer` may see what an event is about (its device, or its slave), as the cache knows them now. Answered at
    /// once, without waiting for a refresh: every event of every open stream asks.
    func visible(deviceID: UUID?, slaveID: UUID?, to viewer: Viewer) -> Bool {
        guard viewer.units != nil else { return true }
        return state.fences.withLock { $0.admit(viewer, deviceID: deviceID, slaveID: slaveID) }
    }

    private func restore(_ taken: Marks) {
        marks.withLock { $0.merge(taken) }
    }
}

/// What changed since the cache was last brought up to date.
private struct Marks: Sendable {
    /// Counts invalidations; a refresh that took the marks at generation `g` covers every change published up to `g`.
    var generation = 0
    /// Read everything again.
    var everything = true
    /// Devices to read again.
    var devices: Set<UUID> = []
    /// Slaves whose devices to read again.
    var slaves: Set<UUID> = []

    /// Marks what `event` touched.
    mutating func add(_ event: ChangeEvent) {
        switch event.kind {
        case .slave: slaves.insert(event.slaveID ?? event.subjectID)
        case .device, .lease: devices.insert(event.deviceID ?? event.subjectID)
        case .account: everything = true  // a holder's name may have changed; rare
        case .wait:
            // A pool's wait touches every device it matches; a device's wait, that device.
            if event.details["match"] == nil, let deviceID = event.deviceID { devices.insert(deviceID) } else { everything = true }
        }
    }

    /// These marks, leaving none behind (the generation stays).
    mutating func take() -> Marks {
        let taken = self
        everything = false
        devices = []
        slaves = []
        return taken
    }

    /// Puts back marks taken by a refresh that failed.
    mutating func merge(_ other: Marks) {
        everything = everything || other.everything
        devices.formUnion(other.devices)
        slaves.formUnion(other.slaves)
    }
}

/// One device of the cache: what its view is made of, and the view encoded for a caller who does not hold it.
///
/// The device is kept inline; its slave is shared with the slave's other devices, and what only a held, awaited or kept device
/// has (``InventoryClaim``) is kept apart, nil for the rest. Inline, a slave and an empty lease, holder and line made an entry
/// about 1.4 KB: 14 MB of dictionary for 10,000 devices, copied again by every re-sort; as references, about 0.3 KB.
private struct InventoryEntry: Sendable {
    var device: Device
    private let place: InventorySlave
    private let claim: InventoryClaim?
    var fragment: [UInt8]

    var slave: Slave { place.slave }
    var lease: Lease? { claim?.lease }
    var holder: User? { claim?.holder }
    /// The holder's unit's name.
    var unit: String? { claim?.unit }
    /// The waits in line for it, the one it is kept for first.
    var line: [Wait] { claim?.line ?? [] }
    /// The name of the person it is kept for.
    var reservedFor: String? { claim?.reservedFor }

    init(device: Device, place: InventorySlave, claim: InventoryClaim?, encoder: JSONEncoder) throws {
        self.device = device
        self.place = place
        self.claim = claim
        self.fragment = []
        self.fragment = Array(try encoder.encode(view(for: nil)))
    }

    /// The view of the device for `caller` (`nil`: someone who neither holds it nor waits for it).
    func view(for caller: UUID?) -> DeviceView {
        DeviceView(device: device, slave: slave, holder: holder, lease: lease, caller: caller, holderUnit: unit, line: line, reservedFor: reservedFor)
    }

    /// The people whose view of the device is their own: its holder and those in line.
    var personal: Set<UUID> { Set(line.map(\.userID) + [lease?.userID].compactMap { $0 }) }

    /// Slave name, then VirtualHere address: the order of the list.
    static func precedes(_ left: InventoryEntry, _ right: InventoryEntry) -> Bool {
        if left.slave.name != right.slave.name { return left.slave.name < right.slave.name }
        if left.device.vhAddress != right.device.vhAddress { return left.device.vhAddress < right.device.vhAddress }
        return left.device.id.uuidString < right.device.id.uuidString
    }
}

/// A slave as the cache's entries share it: one for all its devices.
private final class InventorySlave: Sendable {
    let slave: Slave

    init(_ slave: Slave) { self.slave = slave }
}

/// What a device has only while someone holds it, waits for it or has it kept for them.
private final class InventoryClaim: Sendable {
    let lease: Lease?
    let holder: User?
    let unit: String?
    let line: [Wait]
    let reservedFor: String?

    /// The claim on a device, or nil when nobody holds it, waits for it or has it kept.
    static func of(lease: Lease?, holder: User?, unit: String?, line: [Wait], reservedFor: String?) -> InventoryClaim? {
        guard lease != nil || holder != nil || unit != nil || !line.isEmpty || reservedFor != nil else { return nil }
        return InventoryClaim(lease: lease, holder: holder, unit: unit, line: line, reservedFor: reservedFor)
    }

    private init(lease: Lease?, holder: User?, unit: String?, line: [Wait], reservedFor: String?) {
        self.lease = lease
        self.holder = holder
        self.unit = unit
        self.line = line
        self.reservedFor = reservedFor
    }
}

/// A refresh's reading: the rows it read, and what they replace. Its entries are encoded by ``InventoryState``, on its own
/// thread, not where the rows were read.
private struct InventoryPatch: Sendable {
    /// Replaces the whole inventory.
    var everything: Bool
    /// Entries of these devices not in the patch are gone.
    var devices: Set<UUID>
    /// Entries of these slaves not in the patch are gone.
    var slaves: Set<UUID>
    /// The devices read, with their slaves, active leases, waits, the people holding or offered them and their units' names.
    var rows: [Device]
    var slaveRows: [UUID: Slave]
    var leases: [UUID: Lease]
    var waits: WaitingList.Line
    var holders: [UUID: User]
    var units: [UUID: String]

    /// Reads what `marks` name from `store`.
    static func read(_ marks: Marks, store: Store) async throws -> InventoryPatch {
        let everything = marks.everything || marks.devices.count + marks.slaves.count * 16 > InventoryCache.patchLimit
        var devices: [Device] = []
        var slaves: [UUID: Slave] = [:]
        var leases: [UUID: Lease] = [:]
        if everything {
            slaves = Dictionary(uniqueKeysWithValues: try await store.slaves.all().map { ($0.id, $0) })
            devices = try await store.devices.list(slaveID: nil)
            leases = Dictionary(try await store.leases.allActive().map { ($0.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
        } else {
            for slaveID in marks.slaves {
                let ofSlave = try await store.devices.list(slaveID: slaveID)
                devices += ofSlave
                for lease in try await store.leases.active(slaveID: slaveID) { leases[lease.deviceID] = lease }
            }
            for deviceID in marks.devices.subtracting(devices.map(\.id)) {
                guard let device = try await store.devices.find(deviceID) else { continue }
                devices.append(device)
                leases[deviceID] = try await store.leases.active(deviceID: deviceID)
            }
            for slaveID in Set(devices.map(\.slaveID)) {
                slaves[slaveID] = try await store.slaves.find(slaveID)
            }
        }
        let waits = WaitingList.Line(waits: try await store.waits.allActive(), devices: [], byID: [:])
        let offeredTo = Set(waits.waits.filter { $0.offeredDeviceID != nil }.map(\.userID))
        let people = Set(leases.values.map(\.userID)).union(offeredTo)
        let holders = Dictionary(uniqueKeysWithValues: try await store.users.find(ids: people).map { ($0.id, $0) })
        let units = holders.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await store.orgUnits.all().map { ($0.id, $0.name) })
        return InventoryPatch(
            everything: everything, devices: marks.devices, slaves: marks.slaves, rows: devices, slaveRows: slaves, leases: leases, waits: waits,
            holders: holders, units: units)
    }

    /// The entries of the devices read, each encoded once for everyone who neither holds it nor waits for it.
    func entries() throws -> [InventoryEntry] {
        let encoder = NcodJSON.encoder()
        let places = slaveRows.mapValues(InventorySlave.init)
        return try rows.compactMap { device -> InventoryEntry? in
            guard let place = places[device.slaveID] else { return nil }
            let lease = leases[device.id]
            let holder = lease.flatMap { holders[$0.userID] }
            let line = waits.line(for: device)
            let reservedFor = line.first { $0.offeredDeviceID == device.id }.flatMap { holders[$0.userID]?.displayName }
            let claim = InventoryClaim.of(
                lease: lease, holder: holder, unit: holder?.orgUnitID.flatMap { units[$0] }, line: line, reservedFor: reservedFor)
            return try InventoryEntry(device: device, place: place, claim: claim, encoder: encoder)
        }
    }
}

/// The cache's entries, and the one refresh running at a time.
///
/// The actor runs on a thread of its own, not on the event loops that serve connections: encoding, sorting, joining and
/// compressing the list is CPU work that grows with the inventory (seconds at 160,000 devices), and on an event loop it would hold
/// every link, report and request that loop serves for that long. Its database reads still run where the caller's do.
private actor InventoryState {
    /// One thread shared by every cache of the process (a test process runs many masters), started when first used.
    private static let worker = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let loop: any EventLoop = InventoryState.worker.next()
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    private var entries: [UUID: InventoryEntry] = [:]
    private var order: [UUID] = []
    private var covered = -1
    private var refreshing: Task<Void, any Error>?
    /// The joined list for callers holding none of the devices, by `includeAbsent`.
    private var joined: [Bool: ByteBuffer] = [:]
    /// Devices each user holds or waits for (their view of those is their own).
    private var holdings: [UUID: Set<UUID>] = [:]
    /// The org-unit restrictions of the entries, readable without waiting for the actor; none (empty) when nothing is
    /// restricted, and then the list is the same for everyone.
    nonisolated let fences = Mutex(Fences())
    /// This process's mark in entity tags: a tag names the process and the generation its list reflects, so a restarted
    /// master, or the other master of a fleet, never answers 304 for a list it did not make.
    private let epoch = String(UInt64.random(in: 1...UInt64.max), radix: 36)
    /// Compressed lists by entity tag, made once per change (cleared when the entries change).
    private var compressed: [String: ByteBuffer] = [:]
    /// At most this many compressed lists are kept between changes (the shared ones, and those of people who hold something).
    private static let compressedLimit = 64

    /// Returns once every change up to generation `wanted` is in the entries; reads what changed, one refresh at a time.
    func catchUp(
        to wanted: Int, store: Store, take: @escaping @Sendable () -> Marks, restore: @escaping @Sendable (Marks) -> Void
    ) async throws {
        while covered < wanted {
            if let refreshing {
                try await refreshing.value
                continue
            }
            let task = Task {
                let marks = take()
                do {
                    let patch = try await InventoryPatch.read(marks, store: store)
                    try self.install(patch, entries: patch.entries(), generation: marks.generation)
                } catch {
                    restore(marks)
                    self.refreshing = nil
                    throw error
                }
            }
            refreshing = task
            try await task.value
        }
    }

    private func install(_ patch: InventoryPatch, entries fresh: [InventoryEntry], generation: Int) {
        var reorder = patch.everything
        if patch.everything {
            entries = [:]
        } else {
            let kept = Dictionary(uniqueKeysWithValues: fresh.map { ($0.device.id, $0) })
            for (id, entry) in entries where patch.devices.contains(id) || patch.slaves.contains(entry.device.slaveID) {
                // Re-sort only when a device comes, goes, or moves in the order (a slave renamed).
                if let new = kept[id], new.slave.name == entry.slave.name, new.device.vhAddress == entry.device.vhAddress { continue }
                reorder = true
                entries[id] = nil
            }
        }
        for entry in fresh {
            if entries.updateValue(entry, forKey: entry.device.id) == nil { reorder = true }
        }
        if reorder { order = entries.values.sorted(by: InventoryEntry.precedes).map(\.device.id) }
        if patch.everything || !patch.devices.isEmpty || !patch.slaves.isEmpty {
            holdings = [:]
            for entry in entries.values {
                for person in entry.personal { holdings[person, default: []].insert(entry.device.id) }
            }
            joined = [:]
            let fenced = Fences(entries.values.lazy.map { ($0.device, $0.slave) })
            fences.withLock { $0 = fenced }
        }
        if generation > covered { compressed = [:] }
        covered = max(covered, generation)
        refreshing = nil
    }

    /// The entity tag of the list `body` would give these arguments now (quoted), and the answer: nothing when `ifNoneMatch`
    /// holds it, else the body, compressed when asked and possible.
    func answer(caller: UUID, includeAbsent: Bool, viewer: Viewer?, gzip: Bool, ifNoneMatch: [String]) throws -> InventoryAnswer {
        var tag = "\(epoch)-\(covered)-\(includeAbsent ? "all" : "present")"
        // A list with the caller's own devices in it, or filtered for the caller's unit, is theirs alone.
        if !(holdings[caller] ?? []).isEmpty { tag += "-" + caller.uuidString.lowercased() }
        if let units = viewer?.units {
            var hasher = Hasher()
            hasher.combine(units.map(\.uuidString).sorted())
            tag += "-v" + String(UInt(bitPattern: hasher.finalize()), radix: 36)
        }
        let identity = "\"\(tag)\""
        let zipped = "\"\(tag)-gz\""
        if ifNoneMatch.contains("*") || ifNoneMatch.contains(identity) || ifNoneMatch.contains(zipped) {
            return InventoryAnswer(etag: gzip ? zipped : identity, body: nil, gzipped: gzip)
        }
        let plain = try body(caller: caller, includeAbsent: includeAbsent, viewer: viewer)
        guard gzip else { return InventoryAnswer(etag: identity, body: plain, gzipped: false) }
        if let kept = compressed[zipped] { return InventoryAnswer(etag: zipped, body: kept, gzipped: true) }
        guard let packed = try? Gzip.compress(plain) else { return InventoryAnswer(etag: identity, body: plain, gzipped: false) }
        if compressed.count < Self.compressedLimit { compressed[zipped] = packed }
        return InventoryAnswer(etag: zipped, body: packed, gzipped: true)
    }

    /// The list for `caller`: the shared joined body when they hold nothing, else one with their devices encoded for them; with a
    /// `viewer` (someone restricted devices may hide from), only what they may see.
    func body(caller: UUID, includeAbsent: Bool, viewer: Viewer? = nil) throws -> ByteBuffer {
        let mine = holdings[caller] ?? []
        if mine.isEmpty, viewer == nil, let shared = joined[includeAbsent] { return shared }
        let encoder = NcodJSON.encoder()
        var buffer = ByteBuffer()
        buffer.reserveCapacity(order.count * ((entries.first?.value.fragment.count ?? 0) + 16) + 2)
        buffer.writeInteger(UInt8(ascii: "["))
        var first = true
        for id in order {
            guard let entry = entries[id], includeAbsent || entry.device.present else { continue }
            if let viewer, !viewer.sees(entry.device, on: entry.slave) { continue }
            if !first { buffer.writeInteger(UInt8(ascii: ",")) }
            first = false
            if mine.contains(id) {
                buffer.writeBytes(try encoder.encode(entry.view(for: caller)))
            } else {
                buffer.writeBytes(entry.fragment)
            }
        }
        buffer.writeInteger(UInt8(ascii: "]"))
        if mine.isEmpty, viewer == nil { joined[includeAbsent] = buffer }
        return buffer
    }
}

/// What the device list answers one request: its entity tag, and the body unless the caller already has it.
struct InventoryAnswer: Sendable {
    /// The quoted entity tag (`"k3j2-118-present-gz"`): process, generation, which list, whose, and the encoding.
    var etag: String
    /// The JSON array (gzip-compressed when ``gzipped``); nil when `If-None-Match` named the tag (answer 304).
    var body: ByteBuffer?
    /// Whether ``body`` (or the copy the caller holds) is gzip-compressed.
    var gzipped: Bool
}
