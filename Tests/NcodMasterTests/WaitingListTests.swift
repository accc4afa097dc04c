import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Waiting lists through the API: a device's line, the hold window, pools by description, and the refusals around them.
@Suite("Waiting lists", .serialized)
struct WaitingListTests {
    @Test(
        "A holds, B waits, C is refused and told B is first; A releases and only B may take it; a window that passes goes to the next",
        arguments: MasterHarness.backends)
    func line(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await LeaseAPITests.world(harness)
            let dongle = try #require(devices.first { $0.device.portPath == "1-1.2" })
            let (_, a) = try await LeaseAPITests.member(harness, "amy")
            let (bob, b) = try await LeaseAPITests.member(harness, "bobby")
            let (carl, c) = try await LeaseAPITests.member(harness, "carlos.li")

            let grant = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: a))
            let bounded = try await harness.send(
                .PUT, "/api/v1/leases/\(grant.lease.id)", token: a, json: HoldRequest(until: Date().addingTimeInterval(600), timed: true))
            #expect(bounded.status == .ok, "nobody waits yet: a timed hold is fine")
            let joined = try await harness.send(.POST, "/api/v1/waits", token: b, json: WaitRequest(deviceID: dongle.id))
            #expect(joined.status == .created, "\(String(buffer: joined.body))")
            let bobsWait = try harness.decode(WaitView.self, joined)
            #expect(bobsWait.place == 1 && bobsWait.waiting == 1 && !bobsWait.isTurn)
            let busy = try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: c)
            #expect(harness.problem(busy)?.detail == "in use by 用户 amy; 1 waiting, \(bob.displayName) first")

            // The holder sees that people wait, and cannot hold it longer meanwhile.
            let held = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: a)).first { $0.id == dongle.id }
            #expect(held?.waiting == 1 && held?.heldByMe == true)
            let extend = try await harness.send(
                .PUT, "/api/v1/leases/\(grant.lease.id)", token: a, json: HoldRequest(until: Date().addingTimeInterval(1200), timed: true))
            #expect(harness.problem(extend)?.code == "people_waiting")
            let shorter = try await harness.send(
                .PUT, "/api/v1/leases/\(grant.lease.id)", token: a, json: HoldRequest(until: Date().addingTimeInterval(300), timed: true))
            #expect(shorter.status == .ok, "ending sooner is always fine")

            // C joins too: second.
            let carlsWait = try harness.decode(
                WaitView.self, try await harness.send(.POST, "/api/v1/waits", token: c, json: WaitRequest(deviceID: dongle.id)))
            #expect(carlsWait.place == 2 && carlsWait.waiting == 2)
            let queue = try harness.decode(QueueView.self, try await harness.send(.GET, "/api/v1/devices/\(dongle.id)/queue", token: c))
            #expect(queue.heldBy == "用户 amy" && queue.entries.map(\.name) == [bob.displayName, carl.displayName])
            #expect(queue.entries.map(\.place) == [1, 2] && queue.entries.map(\.mine) == [false, true])

            // A releases: B's turn at once, for the hold window; C is refused meanwhile.
            let released = Date()
            #expect(try await harness.send(.DELETE, "/api/v1/leases/\(grant.lease.id)", token: a).status == .noContent)
            let answered = Date()
            let bobsTurn = try #require(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: b)).first)
            #expect(bobsTurn.isTurn && bobsTurn.place == 0 && bobsTurn.offeredVhAddress == "box1.112")
            // Two minutes from the moment the master ended the lease, somewhere between the request and its answer (a loaded
            // machine has taken over two seconds to answer it).
            let offeredUntil = try #require(bobsTurn.offeredUntil)
            #expect(
                offeredUntil.timeIntervalSince(released) > 118 && offeredUntil.timeIntervalSince(answered) < 122,
                "the default hold window is two minutes")
            let seenByCarl = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: c)).first {
                $0.id == dongle.id
            }
            #expect(seenByCarl?.reservedFor == bob.displayName && seenByCarl?.isFreeForMe == false && seenByCarl?.myPlace == 1)
            let seenByBob = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: b)).first {
                $0.id == dongle.id
            }
            #expect(seenByBob?.reservedForMe == true && seenByBob?.isFreeForMe == true)
            let refused = try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: c)
            #expect(harness.problem(refused)?.code == "device_reserved")
            #expect(harness.problem(refused)?.detail?.hasPrefix("kept for \(bob.displayName) until ") == true)
            let amyAgain = try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: a)
            #expect(harness.problem(amyAgain)?.code == "device_reserved", "the one who released it cannot jump the line")

            // B takes it: B's wait is done; C is first now.
            let bobs = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: b))
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: b)).isEmpty)
            #expect(try await harness.store.waits.find(bobsWait.id)?.endReason == .taken)
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: c)).first?.place == 1)

            // A joins behind C. B releases: C's turn; C lets the window pass: A's turn.
            _ = try await harness.send(.POST, "/api/v1/waits", token: a, json: WaitRequest(deviceID: dongle.id))
            #expect(try await harness.send(.DELETE, "/api/v1/leases/\(bobs.lease.id)", token: b).status == .noContent)
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: c)).first?.isTurn == true)
            try await WaitingList.allocate(store: harness.store, now: Date().addingTimeInterval(121), window: 120, events: harness.app.ncod.events)
            #expect(try await harness.store.waits.find(carlsWait.id)?.endReason == .lapsed)
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: c)).isEmpty)
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: a)).first?.isTurn == true)
            #expect(try await harness.send(.POST, "/api/v1/devices/\(dongle.id)/lease", token: a).status == .created)

            let actions = try await harness.store.audit.recent(limit: 100, action: nil, actor: nil).map(\.action)
            for action in ["wait.joined", "wait.offered", "wait.taken", "wait.lapsed"] { #expect(actions.contains(action), "\(action)") }
        }
    }

    @Test("a pool by tag: two devices, three people waiting; each freed device goes to the next in line", arguments: MasterHarness.backends)
    func pool(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await LeaseAPITests.world(harness)
            let (_, admin) = try await harness.signedInAdmin()
            let probes = devices.filter { $0.device.portPath != "1-1.4" }
            for probe in probes {
                let tagged = try await harness.send(
                    .PATCH, "/api/v1/admin/devices/\(probe.id)", token: admin, json: DevicePatch(tags: ["ST-Link", "swd"]))
                #expect(try harness.decode(Device.self, tagged).tags == ["st-link", "swd"])
            }
            let untagged = try #require(devices.first { $0.device.portPath == "1-1.4" })
            let (_, x) = try await LeaseAPITests.member(harness, "x")
            let (_, y) = try await LeaseAPITests.member(harness, "yy")
            var people: [(User, String)] = []
            for name in ["ppp", "pppp", "ppppp"] { people.append(try await LeaseAPITests.member(harness, name)) }
            let xs = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(probes[0].id)/lease", token: x))
            let ys = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(probes[1].id)/lease", token: y))

            let match = try DeviceMatch(parsing: "tag:st-link")
            var waits: [WaitView] = []
            for (_, token) in people {
                let joined = try await harness.send(.POST, "/api/v1/waits", token: token, json: WaitRequest(match: match))
                #expect(joined.status == .created, "\(String(buffer: joined.body))")
                waits.append(try harness.decode(WaitView.self, joined))
            }
            #expect(waits.map(\.place) == [1, 2, 3] && waits.allSatisfy { $0.match == match && !$0.isTurn })
            let seen = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: x))
            #expect(seen.first { $0.id == probes[0].id }?.waiting == 3 && seen.first { $0.id == untagged.id }?.waiting == 0)

            #expect(try await harness.send(.DELETE, "/api/v1/leases/\(xs.lease.id)", token: x).status == .noContent)
            let first = try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: people[0].1))
            #expect(first.first?.offeredDeviceID == probes[0].id)
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: people[1].1)).first?.place == 1)
            #expect(try await harness.send(.POST, "/api/v1/devices/\(probes[0].id)/lease", token: people[0].1).status == .created)

            #expect(try await harness.send(.DELETE, "/api/v1/leases/\(ys.lease.id)", token: y).status == .noContent)
            let second = try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: people[1].1))
            #expect(second.first?.offeredDeviceID == probes[1].id)
            let third = try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: people[2].1))
            #expect(third.first?.place == 1 && third.first?.isTurn == false)
            // The untagged device is no part of the pool: free for anyone.
            #expect(try await harness.send(.POST, "/api/v1/devices/\(untagged.id)/lease", token: y).status == .created)
        }
    }

    @Test("bad waits are refused clearly: both or neither target, a bad description, twice, a device one holds, someone else's place")
    func refusals() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let (_, devices) = try await LeaseAPITests.world(harness)
            let (_, a) = try await LeaseAPITests.member(harness, "amy")
            let (_, b) = try await LeaseAPITests.member(harness, "bobby")
            let both = try await harness.send(
                .POST, "/api/v1/waits", token: a, headers: ["Content-Type": "application/json"],
                body: #"{"deviceID":"\#(devices[0].id)","match":"tag:x"}"#)
            #expect(both.status == .unprocessableEntity && harness.problem(both)?.fields?["deviceID"] != nil)
            let neither = try await harness.send(.POST, "/api/v1/waits", token: a, headers: ["Content-Type": "application/json"], body: "{}")
            #expect(neither.status == .unprocessableEntity)
            let badTag = try await harness.send(
                .POST, "/api/v1/waits", token: a, headers: ["Content-Type": "application/json"], body: #"{"match":"tag:no spaces"}"#)
            #expect(badTag.status == .badRequest)
            let unknown = try await harness.send(.POST, "/api/v1/waits", token: a, json: WaitRequest(deviceID: UUID()))
            #expect(unknown.status == .notFound)

            _ = try await harness.send(.POST, "/api/v1/devices/\(devices[0].id)/lease", token: a)
            #expect(
                harness.problem(try await harness.send(.POST, "/api/v1/waits", token: a, json: WaitRequest(deviceID: devices[0].id)))?.code
                    == "already_holder")
            let wait = try harness.decode(
                WaitView.self, try await harness.send(.POST, "/api/v1/waits", token: b, json: WaitRequest(deviceID: devices[0].id)))
            #expect(
                harness.problem(try await harness.send(.POST, "/api/v1/waits", token: b, json: WaitRequest(deviceID: devices[0].id)))?.code
                    == "already_waiting")
            #expect(try await harness.send(.DELETE, "/api/v1/waits/\(wait.id)", token: a).status == .notFound, "only one's own place")
            #expect(try await harness.send(.DELETE, "/api/v1/waits/\(wait.id)", token: b).status == .noContent)
            #expect(try await harness.store.waits.find(wait.id)?.endReason == .left)
            #expect(try await harness.send(.DELETE, "/api/v1/waits/\(wait.id)", token: b).status == .notFound)

            // A free device with nobody waiting: joining gives it at once.
            let free = try harness.decode(
                WaitView.self, try await harness.send(.POST, "/api/v1/waits", token: b, json: WaitRequest(deviceID: devices[1].id)))
            #expect(free.isTurn && free.offeredDeviceID == devices[1].id)
        }
    }
}
