import FluentKit
import Foundation
import NcodCore
import NcodStore
import SQLKit
import Testing

/// The behaviour every store backend must show (the fluent-kit "benchmark" pattern):
/// the suites below run each case unchanged on SQLite and on PostgreSQL.
enum RepositoryContract {
    static let cases: [ContractCase] = [
        ContractCase(name: "org tree keeps organisation → company → department", body: orgTreeShape),
        ContractCase(name: "org units refuse duplicate siblings and removal while in use", body: orgUnitRemoval),
        ContractCase(name: "usernames are unique regardless of case", body: usernamesUnique),
        ContractCase(name: "user status changes are stored with their reason", body: userStatus),
        ContractCase(name: "machine bindings are recorded once per account and address", body: bindingsRecorded),
        ContractCase(name: "slaves are unique by name and removed with their devices", body: slaveRemoval),
        ContractCase(name: "devices keep descriptors, Chinese text and full 16-bit IDs", body: deviceDescriptors),
        ContractCase(name: "a second active lease on a device is refused", body: secondLeaseRefused),
        ContractCase(name: "the database itself refuses a second active lease", body: secondLeaseRefusedBySQL),
        ContractCase(name: "a lease on an unknown device or for an unknown account is refused as not found", body: leaseOnUnknown),
        ContractCase(name: "racing lease requests have exactly one winner", body: leaseRace),
        ContractCase(name: "leases renew and end once", body: leaseLifecycle),
        ContractCase(name: "the audit log keeps events newest first and filters them", body: auditLog),
        ContractCase(name: "the audit log pages through thousands of events by person, device, slave, action and time", body: auditPaging),
        ContractCase(name: "hostile text is stored verbatim", body: hostileText),
        ContractCase(name: "transactions roll back every write on failure", body: transactionRollback),
        ContractCase(name: "org units move only under a parent of the right level", body: orgUnitMove),
        ContractCase(name: "refresh tokens are spent exactly once and revoked by family", body: refreshTokens),
        ContractCase(name: "a report is claimed once, with its credential, in its session, with its time and health", body: reportClaims),
        ContractCase(name: "heartbeats are claimed together, each with its credential, session and a newer sequence", body: heartbeatClaims),
        ContractCase(
            name: "an unchanged report is taken only with the digest its slave's last report recorded, while it is online", body: inventoryVouches),
        ContractCase(name: "of callers racing to end one lease, exactly one ends it", body: leaseEndRace),
        ContractCase(name: "a slave's active leases and a set of accounts are read in one query each", body: batchReads),
        ContractCase(name: "waiting lists: one place per person and target, one offer per device, lapses only after the window", body: waits),
        ContractCase(name: "device tags are kept, sorted as given", body: deviceTags),
    ]

    static func orgUnitMove(_ store: Store) async throws {
        let tree = try await Fixtures.orgTree(store)
        let other = try await store.orgUnits.create(
            OrgUnit(id: UUID(), parentID: tree.organisation.id, kind: .company, name: "北京分公司", createdAt: Fixtures.epoch))
        let moved = try await store.orgUnits.move(tree.department.id, under: other.id)
        #expect(moved.parentID == other.id)
        #expect(try await store.orgUnits.find(tree.department.id)?.parentID == other.id)
        await #expect(throws: StoreError.invalid("a department must sit under a company, not a organisation")) {
            try await store.orgUnits.move(tree.department.id, under: tree.organisation.id)
        }
        await #expect(throws: StoreError.invalid("an organisation is a root and cannot sit under another unit")) {
            try await store.orgUnits.move(tree.organisation.id, under: other.id)
        }
    }

    static func refreshTokens(_ store: Store) async throws {
        let user = try await store.users.create(Fixtures.user("zhou.min"))
        let family = UUID()
        func token(_ hash: String) -> RefreshToken {
            RefreshToken(
                id: UUID(), userID: user.id, familyID: family, tokenHash: hash, client: .terminal, bindingID: nil,
                issuedAt: Fixtures.epoch, expiresAt: Fixtures.epoch.addingTimeInterval(86_400)
            )
        }
        let first = try await store.refreshTokens.create(token("hash-1"))
        #expect(try await store.refreshTokens.find(hash: "hash-1") == first)
        #expect(try await store.refreshTokens.find(hash: "hash-unknown") == nil)

        let spenders = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 { group.addTask { (try? await store.refreshTokens.spend(first.id, at: Fixtures.epoch)) ?? false } }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(spenders == 1, "a refresh token is spent by exactly one of several racing requests")
        #expect(try await store.refreshTokens.find(hash: "hash-1")?.usedAt == Fixtures.epoch)

        _ = try await store.refreshTokens.create(token("hash-2"))
        _ = try await store.refreshTokens.create(token("hash-3"))
        let otherFamily = UUID()
        #expect(try await store.refreshTokens.liveFamilies([family, otherFamily]) == [family], "a family with a live token is live")
        #expect(try await store.refreshTokens.revokeFamily(family, at: Fixtures.epoch) == 3)
        #expect(try await store.refreshTokens.liveFamilies([family, otherFamily]).isEmpty, "revoked, it is not")
        #expect(try await store.refreshTokens.liveFamilies([]).isEmpty)
        #expect(try await store.refreshTokens.find(hash: "hash-2")?.revokedAt == Fixtures.epoch)
        #expect(try await store.refreshTokens.spend(try #require(try await store.refreshTokens.find(hash: "hash-3")).id, at: Fixtures.epoch) == false)
        #expect(try await store.refreshTokens.revokeAll(userID: user.id, at: Fixtures.epoch) == 0)
    }

    static func orgTreeShape(_ store: Store) async throws {
        let tree = try await Fixtures.orgTree(store)
        let all = try await store.orgUnits.all()
        #expect(all.map(\.name) == ["华东集团", "上海自动化有限公司", "地铁项目部"])
        #expect(all.map(\.kind) == [.organisation, .company, .department])
        #expect(try await store.orgUnits.find(tree.department.id)?.parentID == tree.company.id)

        let misplaced = OrgUnit(id: UUID(), parentID: tree.organisation.id, kind: .department, name: "错位部门", createdAt: Fixtures.epoch)
        await #expect(throws: StoreError.invalid("a department must sit under a company, not a organisation")) {
            try await store.orgUnits.create(misplaced)
        }
        let orphan = OrgUnit(id: UUID(), parentID: nil, kind: .company, name: "孤儿公司", createdAt: Fixtures.epoch)
        await #expect(throws: StoreError.invalid("a company must sit under a organisation")) { try await store.orgUnits.create(orphan) }

        let renamed = try await store.orgUnits.rename(tree.department.id, to: "隧道项目部")
        #expect(renamed.name == "隧道项目部")
        #expect(try await store.orgUnits.find(tree.department.id)?.name == "隧道项目部")
    }

    static func orgUnitRemoval(_ store: Store) async throws {
        let tree = try await Fixtures.orgTree(store)
        let twin = OrgUnit(id: UUID(), parentID: tree.company.id, kind: .department, name: "地铁项目部", createdAt: Fixtures.epoch)
        await #expect(throws: StoreError.duplicate(entity: "org unit", field: "name", value: "地铁项目部")) {
            try await store.orgUnits.create(twin)
        }
        await #expect(throws: StoreError.inUse("'上海自动化有限公司' still has 1 unit(s) under it")) {
            try await store.orgUnits.delete(tree.company.id)
        }
        _ = try await store.users.create(Fixtures.user("li.na", orgUnitID: tree.department.id))
        await #expect(throws: StoreError.inUse("'地铁项目部' still has 1 member(s)")) { try await store.orgUnits.delete(tree.department.id) }

        let empty = try await store.orgUnits.create(
            OrgUnit(id: UUID(), parentID: tree.company.id, kind: .department, name: "空部门", createdAt: Fixtures.epoch))
        try await store.orgUnits.delete(empty.id)
        #expect(try await store.orgUnits.find(empty.id) == nil)
    }

    static func usernamesUnique(_ store: Store) async throws {
        let created = try await store.users.create(Fixtures.user("Wang.Fang"))
        #expect(created.username == "wang.fang")
        #expect(try await store.users.find(username: "WANG.FANG")?.id == created.id)
        await #expect(throws: StoreError.duplicate(entity: "user", field: "username", value: "wang.fang")) {
            try await store.users.create(Fixtures.user("wang.FANG"))
        }
        await #expect(throws: StoreError.notFound(entity: "org unit", key: "00000000-0000-0000-0000-000000000001")) {
            try await store.users.create(Fixtures.user("nobody", orgUnitID: UUID(uuidString: "00000000-0000-0000-0000-000000000001")))
        }
        #expect(try await store.users.list(status: nil).count == 1)
    }

    static func userStatus(_ store: Store) async throws {
        let pending = try await store.users.create(Fixtures.user("zhao.lei", status: .pending))
        _ = try await store.users.create(Fixtures.user("admin", role: .admin))
        #expect(try await store.users.list(status: .pending).map(\.username) == ["zhao.lei"])

        var rejected = pending
        rejected.status = .rejected
        rejected.statusReason = "not an employee"
        rejected.updatedAt = Fixtures.epoch.addingTimeInterval(60)
        _ = try await store.users.update(rejected)
        let reread = try #require(try await store.users.find(pending.id))
        #expect(reread.status == .rejected)
        #expect(reread.statusReason == "not an employee")
        #expect(reread.updatedAt == rejected.updatedAt)
        #expect(reread.createdAt == pending.createdAt)
        #expect(try await store.users.list(status: .pending).isEmpty)
    }

    static func bindingsRecorded(_ store: Store) async throws {
        let user = try await store.users.create(Fixtures.user("sun.li"))
        let mac = try #require(MACAddress("AA-BB-CC-00-11-22"))
        let first = try await store.bindings.record(userID: user.id, mac: mac, at: Fixtures.epoch)
        #expect(first.status == .pending)
        #expect(first.mac.description == "aa:bb:cc:00:11:22")

        let later = Fixtures.epoch.addingTimeInterval(3600)
        let again = try await store.bindings.record(userID: user.id, mac: mac, at: later)
        #expect(again.id == first.id)
        #expect(again.firstSeen == Fixtures.epoch)
        #expect(again.lastSeen == later)

        #expect(try await store.bindings.list(status: .pending).map(\.id) == [first.id])
        _ = try await store.bindings.setStatus(first.id, to: .approved)
        #expect(try await store.bindings.find(userID: user.id, mac: mac)?.status == .approved)
        #expect(try await store.bindings.list(status: .pending).isEmpty)
        #expect(try await store.bindings.list(userID: user.id).count == 1)
        #expect(try await store.bindings.find(ids: [first.id, UUID()]).map(\.id) == [first.id], "read together, those that exist")
        #expect(try await store.bindings.find(ids: []).isEmpty)

        // A computer's key and name: kept on a new binding, taken while pending, never changed on an approved one.
        let other = try #require(MACAddress("aa:bb:cc:00:11:33"))
        let keyed = try await store.bindings.record(userID: user.id, mac: other, at: later, hostname: "laptop-sl", publicKey: "key-one")
        #expect(keyed.publicKey == "key-one" && keyed.hostname == "laptop-sl" && keyed.status == .pending)
        #expect(try await store.bindings.record(userID: user.id, mac: other, at: later, hostname: nil, publicKey: "key-two").publicKey == "key-two")
        var approved = try await store.bindings.record(userID: user.id, mac: mac, at: later, hostname: "laptop-sl", publicKey: "key-three")
        #expect(approved.publicKey == nil && approved.hostname == "laptop-sl", "an approved binding's key is the administrator's to change")
        #expect(try await store.bindings.listWaiting().map(\.id) == [keyed.id])
        approved.requestedKey = "key-three"
        approved.reason = "reinstalled"
        let updated = try await store.bindings.update(approved)
        #expect(updated.requestedKey == "key-three" && updated.reason == "reinstalled" && updated.status == .approved)
        #expect(Set(try await store.bindings.listWaiting().map(\.id)) == [keyed.id, approved.id])
    }

    static func slaveRemoval(_ store: Store) async throws {
        let slave = try await store.slaves.create(Fixtures.slave("box1"))
        await #expect(throws: StoreError.duplicate(entity: "slave", field: "name", value: "box1")) {
            try await store.slaves.create(Fixtures.slave("box1"))
        }
        var offline = slave
        offline.status = .offline
        offline.lastReportAt = Fixtures.epoch.addingTimeInterval(30)
        _ = try await store.slaves.update(offline)
        #expect(try await store.slaves.find(name: "box1")?.status == .offline)
        #expect(try await store.slaves.find(slave.id)?.lastReportAt == offline.lastReportAt)

        let device = try await store.devices.create(Fixtures.device(on: slave, port: "1-1.4"))
        let user = try await store.users.create(Fixtures.user("qian.jun"))
        let lease = try await store.leases.acquire(Fixtures.lease(device, user))
        await #expect(throws: StoreError.inUse("slave 'box1' has 1 active lease(s)")) { try await store.slaves.delete(slave.id) }

        _ = try await store.leases.end(lease.id, reason: .released, at: Fixtures.epoch.addingTimeInterval(10))
        try await store.slaves.delete(slave.id)
        #expect(try await store.slaves.all().isEmpty)
        #expect(try await store.devices.find(device.id) == nil)
    }

    static func deviceDescriptors(_ store: Store) async throws {
        let box1 = try await store.slaves.create(Fixtures.slave("box1"))
        let box2 = try await store.slaves.create(Fixtures.slave("box2"))
        var odd = Fixtures.device(on: box1, port: "1-1.2", product: "加密狗 专业版")
        odd.vendorID = 0xffff
        odd.productID = 0
        odd.serial = nil
        let stored = try await store.devices.create(odd)
        #expect(stored == odd)

        _ = try await store.devices.create(Fixtures.device(on: box1, port: "1-1.4"))
        _ = try await store.devices.create(Fixtures.device(on: box2, port: "1-1.4"))
        await #expect(throws: StoreError.duplicate(entity: "device", field: "VirtualHere address", value: "box1.114")) {
            try await store.devices.create(Fixtures.device(on: box1, port: "1-1.4"))
        }
        #expect(try await store.devices.list(slaveID: box1.id).map(\.vhAddress) == ["box1.112", "box1.114"])
        #expect(try await store.devices.list(slaveID: nil).count == 3)

        var renamed = stored
        renamed.nickname = "王工的狗"
        renamed.present = false
        renamed.lastSeen = Fixtures.epoch.addingTimeInterval(5)
        _ = try await store.devices.update(renamed)
        #expect(try await store.devices.find(stored.id) == renamed)
    }

    static func secondLeaseRefused(_ store: Store) async throws {
        let (device, alice, bob) = try await leaseSetup(store)
        let first = try await store.leases.acquire(Fixtures.lease(device, alice))
        await #expect(throws: StoreError.deviceBusy(activeLease: first)) {
            try await store.leases.acquire(Fixtures.lease(device, bob))
        }
        #expect(try await store.leases.active(deviceID: device.id) == first)

        _ = try await store.leases.end(first.id, reason: .released, at: Fixtures.epoch.addingTimeInterval(30))
        let second = try await store.leases.acquire(Fixtures.lease(device, bob))
        #expect(try await store.leases.active(deviceID: device.id)?.userID == bob.id)
        #expect(second.isActive)
    }

    static func leaseOnUnknown(_ store: Store) async throws {
        let (device, alice, _) = try await leaseSetup(store)
        var nowhere = device
        nowhere.id = UUID()
        await #expect(throws: StoreError.notFound(entity: "device", key: nowhere.id.uuidString)) {
            try await store.leases.acquire(Fixtures.lease(nowhere, alice))
        }
        var nobody = alice
        nobody.id = UUID()
        await #expect(throws: StoreError.notFound(entity: "user", key: nobody.id.uuidString)) {
            try await store.leases.acquire(Fixtures.lease(device, nobody))
        }
        #expect(try await store.leases.active(deviceID: device.id) == nil, "nothing was recorded")
        let granted = try await store.leases.acquire(Fixtures.lease(device, alice))
        #expect(granted.isActive)
    }

    static func secondLeaseRefusedBySQL(_ store: Store) async throws {
        let (device, alice, bob) = try await leaseSetup(store)
        let sql = try #require(store.database as? any SQLDatabase)
        try await insertLeaseRow(sql, device: device, user: alice, ended: false)
        // Ended leases never conflict: history may hold many.
        try await insertLeaseRow(sql, device: device, user: bob, ended: true)
        try await insertLeaseRow(sql, device: device, user: bob, ended: true)
        var refused = false
        do {
            try await insertLeaseRow(sql, device: device, user: bob, ended: false)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            refused = true
        }
        #expect(refused, "a raw INSERT of a second active lease must break the unique index")
        #expect(try await store.leases.allActive().map(\.userID) == [alice.id])
    }

    static func leaseRace(_ store: Store) async throws {
        let slave = try await store.slaves.create(Fixtures.slave("race"))
        let device = try await store.devices.create(Fixtures.device(on: slave, port: "1-2"))
        var users: [User] = []
        for index in 0..<12 { users.append(try await store.users.create(Fixtures.user("racer\(index)"))) }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for user in users {
                group.addTask {
                    do {
                        _ = try await store.leases.acquire(Fixtures.lease(device, user))
                        return true
                    } catch StoreError.deviceBusy {
                        return false
                    } catch {
                        Issue.record("unexpected error: \(error)")
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await store.leases.allActive().count == 1)
    }

    static func leaseLifecycle(_ store: Store) async throws {
        let (device, alice, _) = try await leaseSetup(store)
        let lease = try await store.leases.acquire(Fixtures.lease(device, alice))
        let renewedUntil = Fixtures.epoch.addingTimeInterval(600)
        #expect(try await store.leases.renew(lease.id, until: renewedUntil).expiresAt == renewedUntil)

        let endedAt = Fixtures.epoch.addingTimeInterval(700)
        let ended = try await store.leases.end(lease.id, reason: .deviceRemoved, at: endedAt)
        #expect(ended.endReason == .deviceRemoved)
        #expect(ended.endedAt == endedAt)
        #expect(!ended.isActive)
        await #expect(throws: StoreError.invalid("lease \(lease.id) has already ended (device_removed)")) {
            try await store.leases.end(lease.id, reason: .released, at: endedAt)
        }
        await #expect(throws: StoreError.self) { try await store.leases.renew(lease.id, until: renewedUntil) }
        #expect(try await store.leases.find(lease.id) == ended)
        #expect(try await store.leases.allActive().isEmpty)
    }

    static func auditLog(_ store: Store) async throws {
        for minute in 0..<5 {
            try await store.audit.append(
                AuditEvent(
                    at: Fixtures.epoch.addingTimeInterval(Double(minute) * 60), actor: minute % 2 == 0 ? "admin" : "zhang.wei",
                    action: minute == 4 ? "lease.forced" : "auth.login.ok", subject: "user:zhang.wei", details: ["n": "\(minute)", "原因": "测试"]
                )
            )
        }
        let recent = try await store.audit.recent(limit: 3, action: nil, actor: nil)
        #expect(recent.map { $0.details["n"] } == ["4", "3", "2"])
        #expect(recent.first?.details["原因"] == "测试")
        #expect(try await store.audit.recent(limit: 10, action: "lease.forced", actor: nil).count == 1)
        let byZhang = try await store.audit.recent(limit: 10, action: nil, actor: "zhang.wei")
        #expect(byZhang.map { $0.details["n"] } == ["3", "1"])
        #expect(try await store.audit.recent(limit: 10, action: "lease.", actor: nil).map(\.action) == ["lease.forced"])
        #expect(try await store.audit.recent(limit: 10, action: "lease", actor: nil).isEmpty, "without a dot an action matches exactly")
    }

    static func auditPaging(_ store: Store) async throws {
        // 1,200 events in one second's steps: slaves, devices, people; then page through them with filters.
        for index in 0..<1200 {
            let subject = index % 3 == 0 ? "slave:box\(index % 2)" : (index % 3 == 1 ? "device:box1.11\(index % 4)" : "user:li.na")
            try await store.audit.append(
                AuditEvent(
                    at: Fixtures.epoch.addingTimeInterval(Double(index)), actor: index % 5 == 0 ? "li.na" : "admin",
                    action: index % 3 == 1 ? "lease.taken" : "user.updated", subject: subject, details: ["n": "\(index)"]))
        }
        let first = try await store.audit.page(AuditQuery(limit: 100))
        #expect(first.total == 1200)
        #expect(first.events.first?.details["n"] == "1199")
        var seen = Set<UUID>()
        var offset = 0
        while offset < 1200 {
            let page = try await store.audit.page(AuditQuery(offset: offset, limit: 500))
            #expect(page.offset == offset)
            seen.formUnion(page.events.map(\.id))
            offset += page.events.count
            if page.events.isEmpty { break }
        }
        #expect(seen.count == 1200, "pages neither overlap nor skip")
        let person = try await store.audit.page(AuditQuery(person: "li.na", limit: 500))
        #expect(person.total == (0..<1200).filter { $0 % 5 == 0 || $0 % 3 == 2 }.count)
        #expect(person.events.allSatisfy { $0.actor == "li.na" || $0.subject == "user:li.na" })
        let device = try await store.audit.page(AuditQuery(device: "box1.113", limit: 500))
        #expect(device.total == (0..<1200).filter { $0 % 3 == 1 && $0 % 4 == 3 }.count)
        let slave = try await store.audit.page(AuditQuery(slave: "box1", action: "user.", limit: 10))
        #expect(slave.total == (0..<1200).filter { $0 % 3 == 0 && $0 % 2 == 1 }.count)
        let window = try await store.audit.page(
            AuditQuery(since: Fixtures.epoch.addingTimeInterval(100), until: Fixtures.epoch.addingTimeInterval(200), limit: 500))
        #expect(window.total == 100)
        #expect(window.events.last?.details["n"] == "100")
        let beyond = try await store.audit.page(AuditQuery(offset: 5000, limit: 50))
        #expect(beyond.events.isEmpty && beyond.total == 1200)
    }

    static func hostileText(_ store: Store) async throws {
        let names = ["<script>alert('x')</script>", "Robert'); DROP TABLE users;--", "\"quoted\" \\ back\\slash", "emoji 🔌 and 中文"]
        for (index, name) in names.enumerated() {
            var user = Fixtures.user("hostile\(index)")
            user.displayName = name
            user.contact = name
            _ = try await store.users.create(user)
        }
        let stored = try await store.users.list(status: nil).sorted { $0.username < $1.username }
        #expect(stored.map(\.displayName) == names)
        #expect(try await store.users.find(username: "Robert'); DROP TABLE users;--") == nil)
        #expect(try await store.users.list(status: nil).count == names.count)
    }

    static func transactionRollback(_ store: Store) async throws {
        struct Abort: Error {}
        do {
            try await store.transaction { store in
                _ = try await store.users.create(Fixtures.user("ghost"))
                try await store.audit.append(AuditEvent(at: Fixtures.epoch, actor: "system", action: "user.created", subject: "user:ghost"))
                throw Abort()
            }
        } catch is Abort {}
        #expect(try await store.users.find(username: "ghost") == nil)
        #expect(try await store.audit.recent(limit: 10, action: nil, actor: nil).isEmpty)
    }

    static func waits(_ store: Store) async throws {
        let (device, alice, bob) = try await leaseSetup(store)
        let match = try DeviceMatch(parsing: "tag:st-link")
        let first = try await store.waits.join(Wait(id: UUID(), userID: alice.id, deviceID: device.id, match: nil, joinedAt: Fixtures.epoch))
        await #expect(throws: StoreError.self, "one place per person and device") {
            try await store.waits.join(Wait(id: UUID(), userID: alice.id, deviceID: device.id, match: nil, joinedAt: Fixtures.epoch))
        }
        let pool = try await store.waits.join(
            Wait(id: UUID(), userID: alice.id, deviceID: nil, match: match, joinedAt: Fixtures.epoch.addingTimeInterval(1)))
        let second = try await store.waits.join(
            Wait(id: UUID(), userID: bob.id, deviceID: device.id, match: nil, joinedAt: Fixtures.epoch.addingTimeInterval(2)))
        #expect(try await store.waits.allActive().map(\.id) == [first.id, pool.id, second.id], "line order")
        #expect(try await store.waits.find(pool.id)?.match == match)

        // Two offers of one device race: one wins.
        let until = Fixtures.epoch.addingTimeInterval(120)
        let offers = try await withThrowingTaskGroup(of: Wait?.self) { group in
            for wait in [first, second] {
                group.addTask { try await store.waits.offer(wait.id, deviceID: device.id, at: Fixtures.epoch, until: until) }
            }
            return try await group.reduce(into: [Wait]()) { if let offer = $1 { $0.append(offer) } }
        }
        #expect(offers.count == 1 && offers.first?.offeredUntil == until && offers.first?.offeredAt == Fixtures.epoch)
        let offered = try #require(offers.first)
        #expect(try await store.waits.offer(offered.id, deviceID: device.id, at: Fixtures.epoch, until: until) == nil, "one offer at a time")

        // A lapse needs the window to have passed; a withdrawal keeps the place.
        #expect(try await store.waits.endIfActive(offered.id, reason: .lapsed, at: until.addingTimeInterval(-1)) == nil)
        #expect(try await store.waits.withdraw(offered.id)?.offeredDeviceID == nil)
        #expect(try await store.waits.withdraw(offered.id) == nil)
        _ = try await store.waits.offer(offered.id, deviceID: device.id, at: Fixtures.epoch, until: until)
        #expect(try await store.waits.endIfActive(offered.id, reason: .lapsed, at: until.addingTimeInterval(1))?.endReason == .lapsed)
        #expect(try await store.waits.endIfActive(offered.id, reason: .taken, at: until) == nil, "ended once")
        #expect(try await store.waits.active(userID: alice.id).map(\.id) == (offered.id == first.id ? [pool.id] : [first.id, pool.id]))
        // Ended, the same target may be waited for again.
        _ = try await store.waits.join(Wait(id: UUID(), userID: offered.userID, deviceID: device.id, match: nil, joinedAt: until))
    }

    static func deviceTags(_ store: Store) async throws {
        let (device, _, _) = try await leaseSetup(store)
        #expect(device.tags.isEmpty)
        var tagged = device
        tagged.tags = ["plc-s7", "st-link"]
        _ = try await store.devices.update(tagged)
        #expect(try await store.devices.find(device.id)?.tags == ["plc-s7", "st-link"])
        #expect(try await store.devices.list(slaveID: device.slaveID).first?.tags == ["plc-s7", "st-link"], "the list reads them too")
    }

    // MARK: - Helpers

    static func leaseSetup(_ store: Store) async throws -> (Device, User, User) {
        let slave = try await store.slaves.create(Fixtures.slave("box1"))
        let device = try await store.devices.create(Fixtures.device(on: slave, port: "1-1.4"))
        let alice = try await store.users.create(Fixtures.user("alice"))
        let bob = try await store.users.create(Fixtures.user("bob"))
        return (device, alice, bob)
    }

    static func insertLeaseRow(_ sql: any SQLDatabase, device: Device, user: User, ended: Bool) async throws {
        try await sql.insert(into: "leases")
            .columns("id", "device_id", "user_id", "started_at", "expires_at", "ended_at", "end_reason")
            .values(
                SQLBind(UUID()), SQLBind(device.id), SQLBind(user.id), SQLBind(Fixtures.epoch), SQLBind(Fixtures.epoch.addingTimeInterval(60)),
                ended ? SQLBind(Fixtures.epoch.addingTimeInterval(30)) : SQLBind(Date?.none), ended ? SQLBind("released") : SQLBind(String?.none)
            )
            .run()
    }

    static func reportClaims(_ store: Store) async throws {
        var slave = Fixtures.slave("claims")
        let session = UUID()
        slave.session = session
        slave = try await store.slaves.create(slave)
        let health = HostHealth(
            hostname: "claims", os: "Debian GNU/Linux 12", kernel: "6.1.0", uptimeSeconds: 60, load: [0.5, 0.25, 0.125], memoryTotalBytes: 1 << 30,
            memoryAvailableBytes: 1 << 29, diskTotalBytes: 1 << 34, diskAvailableBytes: 1 << 33, virtualHereRunning: true,
            virtualHereConfigPath: "/etc/vh/config.ini", virtualHereLicensed: true, virtualHereAuthorizes: true)
        let time = Fixtures.epoch.addingTimeInterval(90)
        func claim(_ sequence: Int, session other: UUID? = nil, hash: String? = nil) -> SlaveClaim {
            SlaveClaim(slaveID: slave.id, credentialHash: hash ?? slave.credentialHash, session: other ?? session, sequence: sequence)
        }
        let claimed = try #require(try await store.slaves.claimReport(claim(3), at: time, health: health, digest: "d1"))
        #expect(claimed.lastSequence == 3)
        #expect(claimed.lastReportAt == time)
        #expect(claimed.health == health)
        #expect(claimed.name == "claims" && claimed.status == .online)
        #expect(try await store.slaves.find(slave.id) == claimed)
        #expect(try await store.slaves.claimReport(claim(3), at: time, health: health, digest: "d1") == nil, "a replay")
        #expect(try await store.slaves.claimReport(claim(2), at: time, health: health, digest: "d1") == nil, "out of date")
        #expect(try await store.slaves.claimReport(claim(9, session: UUID()), at: time, health: health, digest: "d1") == nil, "an old session")
        #expect(try await store.slaves.claimReport(claim(9, hash: "sha256:ff"), at: time, health: health, digest: "d1") == nil, "another credential")
        #expect(try await store.slaves.claimReport(claim(4), at: time, health: health, digest: "d1")?.lastSequence == 4)
        var disabled = try #require(try await store.slaves.find(slave.id))
        disabled.status = .disabled
        _ = try await store.slaves.update(disabled)
        #expect(try await store.slaves.claimReport(claim(5), at: time, health: health, digest: "d1") == nil, "a disabled slave")
    }

    static func inventoryVouches(_ store: Store) async throws {
        func registered(_ name: String, status: Slave.Status = .online) async throws -> (Slave, SlaveClaim) {
            var slave = Fixtures.slave(name)
            slave.session = UUID()
            slave.status = status
            slave = try await store.slaves.create(slave)
            return (slave, SlaveClaim(slaveID: slave.id, credentialHash: slave.credentialHash, session: slave.session!, sequence: 1))
        }
        let time = Fixtures.epoch.addingTimeInterval(60)
        func health(_ name: String, load: Double) -> HostHealth {
            HostHealth(
                hostname: name, os: "Debian GNU/Linux 12", kernel: "6.1.0", uptimeSeconds: 60, load: [load, 0, 0], memoryTotalBytes: 1 << 30,
                memoryAvailableBytes: 1 << 29, diskTotalBytes: 1 << 34, diskAvailableBytes: 1 << 33, virtualHereRunning: load < 1,
                virtualHereConfigPath: nil)
        }
        let (same, sameClaim) = try await registered("vouch-same")
        let (moved, movedClaim) = try await registered("vouch-moved")
        let (never, _) = try await registered("vouch-never")
        let (offline, offlineClaim) = try await registered("vouch-offline")
        _ = try await store.slaves.claimReport(sameClaim, at: time, health: health("same", load: 0.5), digest: "aaaa")
        _ = try await store.slaves.claimReport(movedClaim, at: time, health: health("moved", load: 0.5), digest: "bbbb")
        _ = try await store.slaves.claimReport(offlineClaim, at: time, health: health("offline", load: 0.5), digest: "cccc")
        var swept = try #require(try await store.slaves.find(offline.id))
        swept.status = .offline
        _ = try await store.slaves.update(swept)

        let confirmed = try await store.slaves.confirmInventories([
            InventoryVouch(slaveID: same.id, digest: "aaaa", health: health("same", load: 2)),
            InventoryVouch(slaveID: moved.id, digest: "b0b0", health: health("moved", load: 2)),
            InventoryVouch(slaveID: never.id, digest: "aaaa", health: health("never", load: 2)),
            InventoryVouch(slaveID: offline.id, digest: "cccc", health: health("offline", load: 2)),
            InventoryVouch(slaveID: UUID(), digest: "aaaa", health: health("nobody", load: 2)),
        ])
        #expect(confirmed == [same.id], "only the online slave whose digest is the recorded one")
        #expect(try await store.slaves.find(same.id)?.health == health("same", load: 2), "its health is written")
        #expect(try await store.slaves.find(moved.id)?.health == health("moved", load: 0.5), "the others are left as they were")
        #expect(try await store.slaves.find(offline.id)?.health == health("offline", load: 0.5))
        #expect(try await store.slaves.confirmInventories([]).isEmpty)
        // A later full report records its own digest: the old one no longer holds.
        _ = try await store.slaves.claimReport(
            SlaveClaim(slaveID: same.id, credentialHash: same.credentialHash, session: same.session!, sequence: 2), at: time,
            health: health("same", load: 0.5), digest: "dddd")
        #expect(
            try await store.slaves.confirmInventories([InventoryVouch(slaveID: same.id, digest: "aaaa", health: health("same", load: 3))]).isEmpty)
        #expect(
            try await store.slaves.confirmInventories([InventoryVouch(slaveID: same.id, digest: "dddd", health: health("same", load: 3))]) == [
                same.id
            ])
    }

    static func heartbeatClaims(_ store: Store) async throws {
        func registered(_ name: String, status: Slave.Status = .online) async throws -> Slave {
            var slave = Fixtures.slave(name)
            slave.session = UUID()
            slave.lastSequence = 5
            slave.status = status
            return try await store.slaves.create(slave)
        }
        let good = try await registered("beat-good")
        let twice = try await registered("beat-twice")
        let stale = try await registered("beat-stale")
        let forged = try await registered("beat-forged")
        let replayed = try await registered("beat-replayed")
        let disabled = try await registered("beat-disabled", status: .disabled)
        try await store.slaves.noteLeaseChange(good.id)
        func beat(_ slave: Slave, sequence: Int = 6, session: UUID? = nil, hash: String? = nil) -> SlaveClaim {
            SlaveClaim(
                slaveID: slave.id, credentialHash: hash ?? slave.credentialHash, session: session ?? slave.session ?? UUID(), sequence: sequence)
        }
        let time = Fixtures.epoch.addingTimeInterval(120)
        let epochs = try await store.slaves.claimHeartbeats(
            [
                beat(good), beat(twice, sequence: 7), beat(twice, sequence: 9), beat(stale, session: UUID()), beat(forged, hash: "sha256:ff"),
                beat(replayed, sequence: 5), beat(disabled), beat(Fixtures.slave("nobody")),
            ], at: time)
        #expect(epochs == [good.id: good.leaseEpoch + 1, twice.id: twice.leaseEpoch], "only the beats that hold, with each slave's epoch")
        #expect(try await store.slaves.find(good.id)?.lastReportAt == time)
        #expect(try await store.slaves.find(good.id)?.lastSequence == 6)
        #expect(try await store.slaves.find(twice.id)?.lastSequence == 9, "a slave named twice counts with its highest sequence")
        for refused in [stale, forged, replayed, disabled] {
            let stored = try #require(try await store.slaves.find(refused.id))
            #expect(stored.lastReportAt == nil && stored.lastSequence == 5, "\(refused.name) is left as it was")
        }
        #expect(try await store.slaves.claimHeartbeats([beat(good)], at: time).isEmpty, "the same beat again is a replay")
        #expect(try await store.slaves.claimHeartbeats([], at: time).isEmpty)

        // Beats from a link, written after they arrived: a late one still stamps the time, the higher sequence stays; the
        // credential, session and status still hold.
        let later = time.addingTimeInterval(2)
        let linked = try await store.slaves.claimHeartbeats(
            [beat(good, sequence: 3), beat(stale, session: UUID()), beat(forged, hash: "sha256:ff"), beat(disabled)], at: later, late: true)
        #expect(linked == [good.id: good.leaseEpoch + 1], "a late beat of a good slave holds; the others are still refused")
        #expect(try await store.slaves.find(good.id)?.lastReportAt == later)
        #expect(try await store.slaves.find(good.id)?.lastSequence == 6, "the higher sequence stays")
        #expect(try await store.slaves.claimHeartbeats([beat(good, sequence: 8)], at: later, late: true) == [good.id: good.leaseEpoch + 1])
        #expect(try await store.slaves.find(good.id)?.lastSequence == 8)
    }

    static func batchReads(_ store: Store) async throws {
        let (device, alice, bob) = try await leaseSetup(store)
        let slave = try #require(try await store.slaves.find(device.slaveID))
        let second = try await store.devices.create(Fixtures.device(on: slave, port: "1-1.5"))
        let elsewhere = try await store.devices.create(Fixtures.device(on: try await store.slaves.create(Fixtures.slave("box2")), port: "1-1"))
        let first = try await store.leases.acquire(Fixtures.lease(device, alice))
        let other = try await store.leases.acquire(Fixtures.lease(second, bob))
        _ = try await store.leases.acquire(Fixtures.lease(elsewhere, bob))
        _ = try await store.leases.end(other.id, reason: .released, at: Fixtures.epoch)
        #expect(try await store.leases.active(slaveID: slave.id).map(\.id) == [first.id], "active leases on this slave's devices only")
        #expect(Set(try await store.users.find(ids: [alice.id, bob.id, UUID()]).map(\.username)) == ["alice", "bob"])
        #expect(try await store.users.find(ids: []).isEmpty)
    }

    static func leaseEndRace(_ store: Store) async throws {
        let (device, alice, _) = try await leaseSetup(store)
        let lease = try await store.leases.acquire(Fixtures.lease(device, alice))
        let reasons: [Lease.EndReason] = [.released, .deviceRemoved, .slaveOffline, .forced, .expired, .released, .deviceRemoved, .forced]
        let winners = try await withThrowingTaskGroup(of: Lease.EndReason?.self) { group in
            for reason in reasons { group.addTask { try await store.leases.endIfActive(lease.id, reason: reason, at: Fixtures.epoch)?.endReason } }
            return try await group.reduce(into: [Lease.EndReason]()) { if let reason = $1 { $0.append(reason) } }
        }
        #expect(winners.count == 1)
        #expect(try await store.leases.find(lease.id)?.endReason == winners.first)
        #expect(try await store.leases.endIfActive(lease.id, reason: .forced, at: Fixtures.epoch) == nil)
        await #expect(throws: StoreError.self) { try await store.leases.end(lease.id, reason: .forced, at: Fixtures.epoch) }

        // An expiry ends only a lease still past its expiry: one renewed a moment before the sweep stays.
        let renewed = try await store.leases.acquire(Fixtures.lease(device, alice, minutes: 1))
        _ = try await store.leases.renew(renewed.id, until: Fixtures.epoch.addingTimeInterval(600))
        #expect(try await store.leases.endIfActive(renewed.id, reason: .expired, at: Fixtures.epoch.addingTimeInterval(120)) == nil)
        #expect(try await store.leases.endIfActive(renewed.id, reason: .expired, at: Fixtures.epoch.addingTimeInterval(601))?.endReason == .expired)
    }
}
