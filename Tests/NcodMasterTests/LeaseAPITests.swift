import Foundation
import JWTKit
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Leases through the API: take, renew, release, expiry, force-release, the race, and what the slave's hooks are told.
@Suite("Lease API", .serialized)
struct LeaseAPITests {
    /// A slave `box1` reporting three devices, and the harness.
    static func world(_ harness: MasterHarness) async throws -> (FleetAPITests.Agent, [DeviceView]) {
        var agent = try await FleetAPITests.Agent.enrol(harness, name: "box1")
        _ = try await agent.register(name: "box1")
        _ = try await agent.report(FleetAPITests.devices("box1", ["1-1.1", "1-1.2", "1-1.4"]))
        let slave = try #require(try await harness.store.slaves.find(agent.slaveID))
        let devices = try await harness.store.devices.list(slaveID: agent.slaveID).map { DeviceView(device: $0, slave: slave) }
        return (agent, devices)
    }

    /// An access token for `user` on a terminal through `bindingID`, signed like a login's, with its login recorded (no bcrypt, for
    /// many users).
    static func terminalToken(_ harness: MasterHarness, user: User, bindingID: UUID) async throws -> String {
        let now = Date()
        let login = UUID()
        _ = try await harness.store.refreshTokens.create(
            RefreshToken(
                id: UUID(), userID: user.id, familyID: login, tokenHash: UUID().uuidString, client: .terminal, bindingID: bindingID, issuedAt: now,
                expiresAt: now.addingTimeInterval(600)))
        return try await harness.app.jwt.keys.sign(
            AccessClaims(
                sub: .init(value: user.id.uuidString), exp: .init(value: now.addingTimeInterval(600)), iat: .init(value: now),
                jti: .init(value: UUID().uuidString),
                iss: .init(value: AccessClaims.issuer), client: .terminal, bindingID: bindingID, login: login))
    }

    /// An active user with an approved binding, and a terminal token for it.
    static func member(_ harness: MasterHarness, _ name: String) async throws -> (User, String) {
        let user = try await harness.seedUser(name, status: .active)
        let binding = try await harness.store.bindings.record(
            userID: user.id, mac: try #require(MACAddress("02:00:00:00:\(String(format: "%02x", name.count)):01")), at: Date())
        _ = try await harness.store.bindings.setStatus(binding.id, to: .approved)
        return (user, try await terminalToken(harness, user: user, bindingID: binding.id))
    }

    @Test("take, see it held, renew, release; someone else is told who holds it", arguments: MasterHarness.backends)
    func lifecycle(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await Self.world(harness)
            let dongle = try #require(devices.first { $0.device.portPath == "1-1.2" })
            let (alice, aliceToken) = try await Self.member(harness, "alice")
            let (_, bobToken) = try await Self.member(harness, "bob.wang")

            let taken = try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: aliceToken)
            #expect(taken.status == .created, "\(String(buffer: taken.body))")
            let grant = try harness.decode(LeaseGrant.self, taken)
            #expect(grant.password.count == 16 && grant.vhAddress == "box1.112" && grant.hubAddress == "box1.lan:7575" && grant.ttlSeconds == 60)
            let stored = try #require(try await harness.store.leases.find(grant.lease.id))
            #expect(stored.passwordMD5 == LeaseDesk.md5Hex(grant.password), "only the MD5 is kept")

            let seenByAlice = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: aliceToken))
            #expect(seenByAlice.first { $0.id == dongle.id }?.heldByMe == true)
            let seenByBob = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: bobToken))
            #expect(seenByBob.first { $0.id == dongle.id }?.heldBy == alice.displayName)
            #expect(seenByBob.first { $0.id == dongle.id }?.heldByMe == false)

            let busy = try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: bobToken)
            #expect(busy.status == .conflict)
            #expect(harness.problem(busy)?.detail == "in use by \(alice.displayName)")
            #expect(
                harness.problem(try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: aliceToken))?.detail
                    == "you already hold this device")

            let renewed = try harness.decode(LeaseView.self, try await harness.send(.PUT, "/api/v1/leases/\(grant.lease.id)", token: aliceToken))
            #expect(renewed.expiresAt >= grant.lease.expiresAt)
            #expect(try await harness.send(.PUT, "/api/v1/leases/\(grant.lease.id)", token: bobToken).status == .notFound, "only the holder renews")
            #expect(
                try harness.decode([LeaseView].self, try await harness.send(.GET, "/api/v1/leases", token: aliceToken)).map(\.id) == [grant.lease.id])

            #expect(try await harness.send(.DELETE, "/api/v1/leases/\(grant.lease.id)", token: aliceToken).status == .noContent)
            #expect(try await harness.store.leases.find(grant.lease.id)?.endReason == .released)
            #expect(try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: bobToken).status == .created)
            let actions = Set(try await harness.store.audit.recent(limit: 50, action: nil, actor: nil).map(\.action))
            #expect(actions.isSuperset(of: ["lease.taken", "lease.ended"]))
        }
    }

    @Test("only a bound terminal takes leases, and only on present devices of online slaves", arguments: MasterHarness.backends)
    func refusals(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var (agent, devices) = try await Self.world(harness)
            try await harness.seedUser("boss", status: .active, role: .admin)
            let console = try await harness.login("boss", client: .adminConsole).accessToken
            let refused = try await harness.send(.POST, "/api/v1/devices/\(devices[0].id)/lease", token: console)
            #expect(harness.problem(refused)?.code == "terminal_only")

            let (_, token) = try await Self.member(harness, "carol")
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1.1", "1-1.4"]))
            let unplugged = try #require(devices.first { $0.device.portPath == "1-1.2" })
            let gone = try await harness.send(.POST, "/api/v1/devices/\(unplugged.id)/lease", token: token)
            #expect(harness.problem(gone)?.code == "device_offline")
            _ = try await FleetSweep.run(store: harness.store, now: Date().addingTimeInterval(200), silenceLimit: 10)
            let offline = try await harness.send(.POST, "/api/v1/devices/\(devices[0].id)/lease", token: token)
            #expect(harness.problem(offline)?.detail == "slave 'box1' is offline")
            devices = []
        }
    }

    @Test("100 users racing for one device: exactly one lease, 99 clear refusals, no 5xx", arguments: MasterHarness.backends)
    func race(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await Self.world(harness)
            let target = devices[0].id
            var tokens: [String] = []
            for index in 0..<100 { tokens.append(try await Self.member(harness, "racer\(index)").1) }
            let statuses = try await withThrowingTaskGroup(of: (UInt, String?).self) { group in
                for token in tokens {
                    group.addTask {
                        let response = try await harness.send(.POST, "/api/v1/devices/\(target)/lease", token: token)
                        return (response.status.code, harness.problem(response)?.detail)
                    }
                }
                return try await group.reduce(into: [(UInt, String?)]()) { $0.append($1) }
            }
            let granted = statuses.filter { $0.0 == 201 }.count
            let refused = statuses.filter { $0.0 == 409 }.count
            #expect(granted == 1)
            #expect(refused == 99)
            #expect(statuses.allSatisfy { $0.0 < 500 })
            #expect(statuses.filter { $0.0 == 409 }.allSatisfy { $0.1?.hasPrefix("in use by 用户 racer") == true })
            #expect(try await harness.store.leases.allActive().count == 1)
            print("lease race on \(backend): \(granted) granted, \(refused) refused, \(statuses.count - granted - refused) other")
        }
    }

    @Test("a lease nobody renews expires; an administrator can force one off with a reason", arguments: MasterHarness.backends)
    func expiryAndForce(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await Self.world(harness)
            let (_, token) = try await Self.member(harness, "dave")
            let first = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(devices[0].id)/lease", token: token))
            let (live, _) = await harness.app.ncod.events.subscribe(after: await harness.app.ncod.events.newestID)
            #expect(try await LeaseEnding.expire(store: harness.store, now: Date().addingTimeInterval(30), events: harness.app.ncod.events) == 0)
            #expect(try await LeaseEnding.expire(store: harness.store, now: Date().addingTimeInterval(61), events: harness.app.ncod.events) == 1)
            #expect(try await harness.store.leases.find(first.lease.id)?.endReason == .expired)
            var iterator = live.makeAsyncIterator()
            let ended = try #require(await iterator.next())
            #expect(ended.kind == .lease && ended.action == "ended" && ended.details["reason"] == "expired")

            let second = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(devices[0].id)/lease", token: token))
            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let active = try harness.decode([LeaseView].self, try await harness.send(.GET, "/api/v1/admin/leases", token: admin))
            #expect(active.map(\.id) == [second.lease.id] && active.first?.username == "dave")
            #expect(
                try await harness.send(.POST, "/api/v1/admin/leases/\(second.lease.id)/release", token: admin).status == .unprocessableEntity,
                "a reason is required")
            #expect(
                try await harness.send(
                    .POST, "/api/v1/admin/leases/\(second.lease.id)/release", token: admin, json: ReasonRequest(reason: "needed for a customer visit")
                )
                .status == .noContent)
            #expect(try await harness.store.leases.find(second.lease.id)?.endReason == .forced)
            let forced = try #require(try await harness.store.audit.recent(limit: 5, action: "lease.ended", actor: "boss").first)
            #expect(forced.details["why"] == "needed for a customer visit" && forced.details["reason"] == "forced" && forced.holder == "dave")
            let renew = try await harness.send(.PUT, "/api/v1/leases/\(second.lease.id)", token: token)
            #expect(renew.status == .notFound, "a forced-off lease cannot be renewed")
        }
    }

    @Test(
        "every way a lease ends writes one lease.ended record (reason, actor, holder), raises the slave's epoch and tells the stream",
        arguments: MasterHarness.backends)
    func oneShapeForEveryEnding(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var (agent, devices) = try await Self.world(harness)
            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let dongle = devices[0].id
            /// Takes the dongle as a new member; returns the lease, the member's name and token.
            func take(_ name: String) async throws -> (LeaseGrant, User, String) {
                let (user, token) = try await Self.member(harness, name)
                let grant = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle)/lease", token: token))
                return (grant, user, token)
            }
            func epoch() async throws -> Int { try #require(try await harness.store.slaves.find(agent.slaveID)).leaseEpoch }
            /// The one record of `lease`'s end, after checking its shape and the event the stream got.
            func ended(_ grant: LeaseGrant, _ reason: Lease.EndReason, by actor: String, holder: User, before: Int) async throws -> AuditEvent {
                let records = try await harness.store.audit.page(AuditQuery(person: holder.username, action: "lease.ended", limit: 10)).events
                    .filter { $0.details["lease"] == grant.lease.id.uuidString }
                #expect(records.count == 1, "one record for \(reason)")
                let record = try #require(records.first)
                #expect(record.actor == actor && record.details["reason"] == reason.rawValue && record.holder == holder.username, "\(record)")
                #expect(record.subject == "device:box1.111")
                #expect(try await harness.store.leases.find(grant.lease.id)?.endReason == reason)
                #expect(try await epoch() > before, "the slave is told of \(reason)")
                return record
            }
            let (live, _) = await harness.app.ncod.events.subscribe(after: await harness.app.ncod.events.newestID)
            var stream = live.makeAsyncIterator()

            // Released by the holder.
            var before = try await epoch()
            let (first, ann, annToken) = try await take("ann")
            #expect(try await epoch() > before, "a lease taken raises the epoch too")
            before = try await epoch()
            #expect(try await harness.send(.DELETE, "/api/v1/leases/\(first.lease.id)", token: annToken).status == .noContent)
            _ = try await ended(first, .released, by: "ann", holder: ann, before: before)

            // Expired.
            let (second, ben, _) = try await take("ben")
            before = try await epoch()
            #expect(try await LeaseEnding.expire(store: harness.store, now: Date().addingTimeInterval(61), events: harness.app.ncod.events) == 1)
            _ = try await ended(second, .expired, by: "system", holder: ben, before: before)

            // Forced, with the administrator's words for the holder.
            let (third, cai, _) = try await take("cai")
            before = try await epoch()
            #expect(
                try await harness.send(
                    .POST, "/api/v1/admin/leases/\(third.lease.id)/release", token: admin, json: ReasonRequest(reason: "客户演示需要")
                ).status == .noContent)
            #expect(try await ended(third, .forced, by: "boss", holder: cai, before: before).details["why"] == "客户演示需要")

            // The holder's account disabled.
            let (fourth, dan, _) = try await take("dan")
            before = try await epoch()
            #expect(
                try await harness.send(.POST, "/api/v1/admin/users/\(dan.id)/disable", token: admin, json: ReasonRequest(reason: "left")).status
                    == .ok)
            _ = try await ended(fourth, .accountDisabled, by: "boss", holder: dan, before: before)

            // The computer it was taken from revoked.
            let (fifth, eve, _) = try await take("eve")
            before = try await epoch()
            let binding = try #require(try await harness.store.leases.find(fifth.lease.id)?.bindingID)
            #expect(
                try await harness.send(.POST, "/api/v1/admin/bindings/\(binding)/revoke", token: admin, json: ReasonRequest(reason: "stolen"))
                    .status == .ok)
            _ = try await ended(fifth, .computerRevoked, by: "boss", holder: eve, before: before)

            // The device unplugged.
            let (sixth, fay, _) = try await take("fay")
            before = try await epoch()
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1.2", "1-1.4"]))
            _ = try await ended(sixth, .deviceRemoved, by: "slave:box1", holder: fay, before: before)
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1.1", "1-1.2", "1-1.4"]))

            // The slave disabled by an administrator.
            let (seventh, gus, _) = try await take("gus")
            before = try await epoch()
            #expect(
                try await harness.send(.POST, "/api/v1/admin/slaves/\(agent.slaveID)/disable", token: admin, json: ReasonRequest(reason: "moving"))
                    .status == .ok)
            _ = try await ended(seventh, .slaveDisabled, by: "boss", holder: gus, before: before)

            // Each ending reached the stream as one lease.ended event naming the holder and the reason.
            var endings: [String] = []
            while endings.count < 7, let event = await stream.next() {
                if event.kind == .lease, event.action == "ended" { endings.append(event.details["reason"] ?? "?") }
            }
            #expect(endings == ["released", "expired", "forced", "account_disabled", "computer_revoked", "device_removed", "slave_disabled"])
            devices = []
        }
    }

    @Test(
        "timed holds and the maximum hold: a bounded end, renewals within it, one extension, everyone sees since and until, hold over",
        arguments: MasterHarness.backends)
    func timedHolds(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await Self.world(harness)
            harness.app.ncod.maxHoldSeconds = 8 * 3600
            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let dongle = devices[0].id
            // The device's own maximum (10 minutes) wins over the site's (8 hours).
            let patched = try harness.decode(
                Device.self, try await harness.send(.PATCH, "/api/v1/admin/devices/\(dongle)", token: admin, json: DevicePatch(maxHoldSeconds: 600)))
            #expect(patched.maxHoldSeconds == 600 && patched.nickname == nil)
            #expect(
                try await harness.send(.PATCH, "/api/v1/admin/devices/\(dongle)", token: admin, json: DevicePatch(maxHoldSeconds: 5)).status
                    == .unprocessableEntity)
            let department = try await harness.seedOrgTree()
            let holder = try await harness.seedUser("zhang.wei", status: .active, orgUnitID: department.id)
            let binding = try await harness.store.bindings.record(userID: holder.id, mac: try #require(MACAddress("02:00:00:00:77:01")), at: Date())
            _ = try await harness.store.bindings.setStatus(binding.id, to: .approved)
            let token = try await Self.terminalToken(harness, user: holder, bindingID: binding.id)
            let (_, otherToken) = try await Self.member(harness, "li.na")

            let started = Date()
            let grant = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle)/lease", token: token))
            let end = try #require(grant.lease.endsAt)
            #expect(abs(end.timeIntervalSince(started) - 600) < 5 && grant.lease.maxHoldSeconds == 600 && !grant.lease.timed)
            let renewed = try harness.decode(LeaseView.self, try await harness.send(.PUT, "/api/v1/leases/\(grant.lease.id)", token: token))
            #expect(renewed.expiresAt <= end, "a renewal never passes the end")

            func hold(_ seconds: TimeInterval, timed: Bool) async throws -> TestingHTTPResponse {
                try await harness.send(
                    .PUT, "/api/v1/leases/\(grant.lease.id)", token: token, json: HoldRequest(until: Date().addingTimeInterval(seconds), timed: timed))
            }
            #expect(harness.problem(try await hold(20, timed: true))?.detail == "choose an end at least 30 seconds from now")
            #expect(harness.problem(try await hold(900, timed: true))?.detail == "this device may be held for at most 10m from now")
            // Keeping it as a timed hold that ends earlier is no extension; moving the end later is the one extension.
            let kept = try harness.decode(LeaseView.self, try await hold(300, timed: true))
            #expect(kept.timed && !kept.extended && kept.expiresAt == kept.endsAt)
            let extended = try harness.decode(LeaseView.self, try await hold(590, timed: true))
            #expect(extended.extended)
            #expect(harness.problem(try await hold(595, timed: true))?.code == "extension_used")
            let unchanged = try harness.decode(LeaseView.self, try await harness.send(.PUT, "/api/v1/leases/\(grant.lease.id)", token: token))
            #expect(unchanged.expiresAt == extended.expiresAt, "a timed hold needs no renewal")

            // Everyone sees who holds it, from which department, since and until when, and how to reach them.
            let listed = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: otherToken))
            let seen = try #require(listed.first { $0.id == dongle })
            #expect(seen.heldBy == holder.displayName && seen.holderUnit == department.name && seen.holderContact == "zhang.wei@example.com")
            #expect(seen.heldSince == grant.lease.startedAt && seen.heldUntil == extended.endsAt)

            // Its end reached, the sweep ends it as hold over.
            let ending = try #require(extended.endsAt)
            #expect(try await LeaseEnding.expire(store: harness.store, now: ending.addingTimeInterval(-1), events: harness.app.ncod.events) == 0)
            #expect(try await LeaseEnding.expire(store: harness.store, now: ending.addingTimeInterval(1), events: harness.app.ncod.events) == 1)
            #expect(try await harness.store.leases.find(grant.lease.id)?.endReason == .holdOver)
            let record = try #require(try await harness.store.audit.page(AuditQuery(person: "zhang.wei", action: "lease.ended")).events.first)
            #expect(record.details["reason"] == "hold_over" && record.actor == "system")
            let audit = Set(try await harness.store.audit.recent(limit: 20, action: "lease.", actor: "zhang.wei").map(\.action))
            #expect(audit.isSuperset(of: ["lease.taken", "lease.held"]))
        }
    }

    @Test(
        "the slave's ClientAuthorization admits only the MD5 of an active lease's password; unleased binds are flagged",
        arguments: MasterHarness.backends)
    func authorization(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var (agent, devices) = try await Self.world(harness)
            let (_, token) = try await Self.member(harness, "erin")
            let grant = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(devices[1].id)/lease", token: token))
            func ask(_ address: String, _ md5: String, as slave: FleetAPITests.Agent) async throws -> AuthorizationRequest.Decision {
                try harness.decode(
                    AuthorizationRequest.Decision.self,
                    try await harness.send(
                        .POST, "/api/v1/slaves/\(slave.slaveID)/authorize",
                        json: AuthorizationRequest(vhAddress: address, passwordMD5: md5, clientID: "Erin (erin)", clientIP: "10.0.0.9"),
                        headers: slave.authorization))
            }
            #expect(try await ask("box1.112", LeaseDesk.md5Hex(grant.password), as: agent).allow)
            #expect(
                try await ask("BOX1.112", LeaseDesk.md5Hex(grant.password).uppercased(), as: agent).allow,
                "addresses and hex compare case-insensitively")
            #expect(try await ask("box1.112", LeaseDesk.md5Hex("guess"), as: agent).reason == "the password does not match the lease on box1.112")
            #expect(try await ask("box1.112", "", as: agent).reason == "no password given")
            #expect(try await ask("box1.111", LeaseDesk.md5Hex(grant.password), as: agent).reason == "no lease on box1.111")
            var other = try await FleetAPITests.Agent.enrol(harness, name: "box2")
            _ = try await other.register(name: "box2")
            #expect(
                try await ask("box1.112", LeaseDesk.md5Hex(grant.password), as: other).allow == false,
                "another slave's devices are not this slave's to admit")

            let receipt = try harness.decode(ReportReceipt.self, try await agent.report(FleetAPITests.devices("box1", ["1-1.1", "1-1.2", "1-1.4"])))
            #expect(
                receipt.leases == [
                    KnownLease(
                        vhAddress: "box1.112", passwordMD5: LeaseDesk.md5Hex(grant.password), holder: "erin",
                        expiresAt: receipt.leases.first?.expiresAt ?? Date())
                ])

            let bind = BindReport(event: "bind", vhAddress: "box1.114", clientID: "Mallory (mallory)", clientIP: "10.0.0.66")
            #expect(
                try await harness.send(.POST, "/api/v1/slaves/\(agent.slaveID)/binds", json: bind, headers: agent.authorization).status == .noContent)
            let flagged = try #require(try await harness.store.audit.recent(limit: 5, action: "vh.bind.unleased", actor: nil).first)
            #expect(flagged.subject == "device:box1.114" && flagged.details["client"] == "Mallory (mallory)")
            let legit = BindReport(event: "bind", vhAddress: "box1.112", clientID: "Erin (erin)", clientIP: "10.0.0.9")
            #expect(
                try await harness.send(.POST, "/api/v1/slaves/\(agent.slaveID)/binds", json: legit, headers: agent.authorization).status == .noContent
            )
            #expect(try await harness.store.audit.recent(limit: 5, action: "vh.bind", actor: nil).first?.details["holder"] == "erin")
            let refusals = try await harness.store.audit.recent(limit: 20, action: "vh.refused", actor: "slave:box1")
            #expect(refusals.count == 3)
        }
    }
}
