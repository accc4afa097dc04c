import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Usage reports on a fixed history whose figures are worked out by hand below, on both backends: per device, person and org unit
/// (rolled up), the busiest hours, waiting, the API in JSON and CSV, and the refusals.
@Suite("Usage reports", .serialized)
struct UsageReportTests {
    /// 2026-11-02 at `hour`:`minute` UTC (the report's day), or another day.
    static func at(_ hour: Int, _ minute: Int = 0, day: Int = 2) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour, minute: minute))!
    }

    /// The history. Devices d1, d2, d3 on box1; alice and bob in 14号线, carol in 15号线, both under 上海 under 华东.
    ///
    /// | lease | who | device | from → to | inside 2026-11-02 (UTC) |
    /// |---|---|---|---|---|
    /// | L1 | alice | d1 | 09:00 → 11:00 | 2 h (hours 9, 10) |
    /// | L2 | bob | d1 | 11:30 → 12:15 | 45 min (30 in hour 11, 15 in hour 12) |
    /// | L3 | carol | d2 | 11-01 23:00 → 01:00 | 1 h (hour 0); taken the day before |
    /// | L4 | alice | d2 | 23:30 → 11-03 00:30 | 30 min (hour 23) |
    /// | L5 | bob | d2 | 11-03 10:00 → 11:00 | outside |
    /// | L6 | carol | d3 | 20:00 → still held | 4 h (hours 20–23) |
    ///
    /// Waits: bob on d1 at 10:00, offered at 11:00 (1 h); carol on d1 at 10:30, left at 10:45 with no offer (15 min); alice the day
    /// before (outside).
    static func history(_ harness: MasterHarness) async throws -> (devices: [UUID], units: [String: UUID], people: [String: User]) {
        let (_, views) = try await LeaseAPITests.world(harness)
        let devices = views.sorted { $0.device.vhAddress < $1.device.vhAddress }.map(\.id)
        let epoch = Self.at(0, day: 1)
        let org = try await harness.store.orgUnits.create(OrgUnit(id: UUID(), parentID: nil, kind: .organisation, name: "华东", createdAt: epoch))
        let company = try await harness.store.orgUnits.create(OrgUnit(id: UUID(), parentID: org.id, kind: .company, name: "上海", createdAt: epoch))
        let a = try await harness.store.orgUnits.create(OrgUnit(id: UUID(), parentID: company.id, kind: .department, name: "14号线", createdAt: epoch))
        let b = try await harness.store.orgUnits.create(OrgUnit(id: UUID(), parentID: company.id, kind: .department, name: "15号线", createdAt: epoch))
        let alice = try await harness.seedUser("alice", status: .active, orgUnitID: a.id)
        let bob = try await harness.seedUser("bob", status: .active, orgUnitID: a.id)
        let carol = try await harness.seedUser("carol", status: .active, orgUnitID: b.id)
        func lease(_ user: User, _ device: UUID, _ start: Date, _ end: Date?) async throws {
            let lease = try await harness.store.leases.acquire(
                Lease(
                    id: UUID(), deviceID: device, userID: user.id, bindingID: nil, startedAt: start, expiresAt: start.addingTimeInterval(86_400 * 9)))
            if let end { _ = try await harness.store.leases.end(lease.id, reason: .released, at: end) }
        }
        try await lease(alice, devices[0], Self.at(9), Self.at(11))
        try await lease(bob, devices[0], Self.at(11, 30), Self.at(12, 15))
        try await lease(carol, devices[1], Self.at(23, day: 1), Self.at(1))
        try await lease(alice, devices[1], Self.at(23, 30), Self.at(0, 30, day: 3))
        try await lease(bob, devices[1], Self.at(10, day: 3), Self.at(11, day: 3))
        try await lease(carol, devices[2], Self.at(20), nil)
        let bobs = try await harness.store.waits.join(Wait(id: UUID(), userID: bob.id, deviceID: devices[0], match: nil, joinedAt: Self.at(10)))
        _ = try await harness.store.waits.offer(bobs.id, deviceID: devices[0], at: Self.at(11), until: Self.at(11, 2))
        _ = try await harness.store.waits.endIfActive(bobs.id, reason: .taken, at: Self.at(11, 1))
        let carols = try await harness.store.waits.join(
            Wait(id: UUID(), userID: carol.id, deviceID: devices[0], match: nil, joinedAt: Self.at(10, 30)))
        _ = try await harness.store.waits.endIfActive(carols.id, reason: .left, at: Self.at(10, 45))
        let early = try await harness.store.waits.join(
            Wait(id: UUID(), userID: alice.id, deviceID: devices[2], match: nil, joinedAt: Self.at(8, day: 1)))
        _ = try await harness.store.waits.endIfActive(early.id, reason: .left, at: Self.at(9, day: 1))
        return (devices, ["org": org.id, "company": company.id, "a": a.id, "b": b.id], ["alice": alice, "bob": bob, "carol": carol])
    }

    static func report(_ harness: MasterHarness, by: UsageReport.Grouping) async throws -> UsageReport {
        try await UsageReports.build(
            store: harness.store, from: Self.at(0), to: Self.at(0, day: 3), by: by, timeZone: TimeZone(identifier: "UTC")!, now: Self.at(12, day: 3))
    }

    @Test(
        "hours held, leases and waiting per device, person and org unit, and the busiest hours, as worked out by hand",
        arguments: MasterHarness.backends)
    func figures(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (devices, units, people) = try await Self.history(harness)
            let byDevice = try await Self.report(harness, by: .device)
            #expect(byDevice.leases == 5 && byDevice.heldSeconds == 29_700, "L1 7200 + L2 2700 + L3 3600 + L4 1800 + L6 14400")
            #expect(byDevice.waits == 2 && byDevice.waitedSeconds == 4_500, "bob 3600 + carol 900")
            let device = Dictionary(uniqueKeysWithValues: byDevice.rows.map { ($0.id, $0) })
            #expect(device[devices[0]]?.leases == 2 && device[devices[0]]?.heldSeconds == 9_900 && device[devices[0]]?.waits == 2)
            #expect(device[devices[0]]?.waitedSeconds == 4_500)
            #expect(device[devices[1]]?.leases == 2 && device[devices[1]]?.heldSeconds == 5_400)
            #expect(device[devices[2]]?.leases == 1 && device[devices[2]]?.heldSeconds == 14_400)
            #expect(byDevice.rows.map(\.id) == [devices[2], devices[0], devices[1]], "most held first")

            let byPerson = try await Self.report(harness, by: .person)
            let person = Dictionary(uniqueKeysWithValues: byPerson.rows.map { ($0.path, $0) })
            #expect(person["alice"]?.leases == 2 && person["alice"]?.heldSeconds == 9_000 && person["alice"]?.waits == 0)
            #expect(person["bob"]?.leases == 1 && person["bob"]?.heldSeconds == 2_700 && person["bob"]?.waitedSeconds == 3_600)
            #expect(person["carol"]?.leases == 2 && person["carol"]?.heldSeconds == 18_000 && person["carol"]?.waitedSeconds == 900)
            #expect(person["carol"]?.name == people["carol"]?.displayName)

            let byUnit = try await Self.report(harness, by: .unit)
            let unit = Dictionary(uniqueKeysWithValues: byUnit.rows.map { ($0.id, $0) })
            #expect(unit[units["a"]!]?.leases == 3 && unit[units["a"]!]?.heldSeconds == 11_700 && unit[units["a"]!]?.waits == 1)
            #expect(unit[units["b"]!]?.leases == 2 && unit[units["b"]!]?.heldSeconds == 18_000 && unit[units["b"]!]?.waitedSeconds == 900)
            for top in ["company", "org"] {
                #expect(unit[units[top]!]?.leases == 5 && unit[units[top]!]?.heldSeconds == 29_700 && unit[units[top]!]?.waits == 2, "rolled up")
            }
            #expect(unit[units["a"]!]?.path == "华东 / 上海 / 14号线")
            #expect(byUnit.rows.map(\.id) == [units["org"]!, units["company"]!, units["b"]!, units["a"]!], "the tree's order, most held first")

            let held = byDevice.hours.map(\.heldSeconds)
            #expect(held == [3600, 0, 0, 0, 0, 0, 0, 0, 0, 3600, 3600, 1800, 900, 0, 0, 0, 0, 0, 0, 0, 3600, 3600, 3600, 5400])
            #expect(byDevice.hours.filter { $0.leasesTaken > 0 }.map(\.hour) == [9, 11, 20, 23], "L3 was taken the day before")
            #expect(byDevice.busiestHours.prefix(3).map(\.hour) == [23, 0, 9])
        }
    }

    @Test("the API answers JSON and CSV for a spreadsheet, and refuses a bad period clearly; people other than administrators get nothing")
    func api() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            _ = try await Self.history(harness)
            let (_, admin) = try await harness.signedInAdmin()
            let query = "from=2026-11-02&to=2026-11-03&tz=UTC&by=department"
            let json = try harness.decode(UsageReport.self, try await harness.send(.GET, "/api/v1/admin/reports/usage?\(query)", token: admin))
            #expect(json.by == .unit && json.heldSeconds == 29_700 && json.rows.count == 4)
            let csv = try await harness.send(.GET, "/api/v1/admin/reports/usage?\(query)&format=csv", token: admin)
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.headers.first(name: "Content-Disposition")?.contains("ncod-usage-unit-2026-11-02-2026-11-03.csv") == true)
            let lines = String(buffer: csv.body).split(separator: "\r\n").map(String.init)
            #expect(lines.first == "unit,id,name,path,leases,hours_held,waits,hours_waited")
            #expect(lines.contains { $0.hasSuffix(",14号线,华东 / 上海 / 14号线,3,3.25,1,1.00") }, "\(lines)")
            for (bad, field) in [("from=2026-11-03&to=2026-11-02", "to"), ("from=2026-02-30", "from"), ("by=colour", "by"), ("tz=Mars/Base", "tz")] {
                let refused = try await harness.send(.GET, "/api/v1/admin/reports/usage?\(bad)", token: admin)
                #expect(refused.status == .unprocessableEntity && harness.problem(refused)?.fields?[field] != nil, "\(bad)")
            }
            let (_, member) = try await LeaseAPITests.member(harness, "dave.w")
            #expect(try await harness.send(.GET, "/api/v1/admin/reports/usage", token: member).status == .forbidden)
        }
    }

    @Test("a name that looks like a formula stays text in the CSV")
    func csvInjection() {
        let report = UsageReport(
            from: Self.at(0), to: Self.at(0, day: 3), by: .person, timeZone: "UTC",
            rows: [.init(id: UUID(), name: "=HYPERLINK(\"x\")", path: "mallory", leases: 1, heldSeconds: 5400)], hours: [], leases: 1,
            heldSeconds: 5400, waits: 0, waitedSeconds: 0)
        #expect(report.csv.contains(",\"'=HYPERLINK(\"\"x\"\")\",mallory,1,1.50,0,0.00"), "\(report.csv)")
    }
}
