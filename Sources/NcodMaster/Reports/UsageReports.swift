import Foundation
import NcodCore
import NcodStore

/// Builds ``UsageReport``s from lease and waiting-list records (never from audit text).
enum UsageReports {
    /// Longest period one report covers.
    static let longestPeriod: TimeInterval = 366 * 86_400

    /// The report for `[from, to)` grouped `by`, hours counted in `timeZone`; leases still held count up to `now`.
    static func build(store: Store, from: Date, to: Date, by: UsageReport.Grouping, timeZone: TimeZone, now: Date) async throws -> UsageReport {
        let leases = try await store.leases.overlapping(from: from, to: to)
        let waits = try await store.waits.joined(from: from, to: to)
        let users = Dictionary(
            uniqueKeysWithValues: try await store.users.find(ids: Set(leases.map(\.userID) + waits.map(\.userID))).map { ($0.id, $0) })
        let devices = Dictionary(uniqueKeysWithValues: try await store.devices.list(slaveID: nil).map { ($0.id, $0) })
        let units = Dictionary(uniqueKeysWithValues: try await store.orgUnits.all().map { ($0.id, $0) })

        /// The part of a lease inside the period, in seconds.
        func held(_ lease: Lease) -> (start: Date, end: Date) {
            (max(lease.startedAt, from), min(lease.endedAt ?? now, to, now))
        }
        /// The seconds a wait lasted: to its first offer, or to its end when none came, or to now.
        func waited(_ wait: Wait) -> Int {
            Int(max(0, (wait.offeredAt ?? wait.endedAt ?? now).timeIntervalSince(wait.joinedAt)).rounded())
        }
        /// The rows a lease or wait of `userID` on `deviceID` counts for.
        func keys(user userID: UUID, device deviceID: UUID?) -> [UUID] {
            switch by {
            case .device: return deviceID.map { [$0] } ?? []
            case .person: return [userID]
            case .unit:
                var chain: [UUID] = []
                var next = users[userID]?.orgUnitID
                while let id = next, !chain.contains(id) {
                    chain.append(id)
                    next = units[id]?.parentID
                }
                return chain
            }
        }
        var rows: [UUID: UsageReport.Row] = [:]
        func row(_ id: UUID) -> UsageReport.Row {
            if let existing = rows[id] { return existing }
            switch by {
            case .device:
                let device = devices[id]
                return .init(id: id, name: device?.nickname ?? device?.product ?? device?.vidPid ?? "?", path: device?.vhAddress ?? "")
            case .person:
                return .init(id: id, name: users[id]?.displayName ?? "?", path: users[id]?.username ?? "")
            case .unit:
                var names: [String] = []
                var next: UUID? = id
                while let current = next, let unit = units[current], names.count < 8 {
                    names.insert(unit.name, at: 0)
                    next = unit.parentID
                }
                return .init(id: id, name: units[id]?.name ?? "?", path: names.joined(separator: " / "))
            }
        }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var hours = (0..<24).map { UsageReport.Hour(hour: $0, heldSeconds: 0, leasesTaken: 0) }
        var totalHeld = 0
        for lease in leases {
            let (start, end) = held(lease)
            let seconds = Int(max(0, end.timeIntervalSince(start)).rounded())
            totalHeld += seconds
            for id in keys(user: lease.userID, device: lease.deviceID) {
                var entry = row(id)
                entry.leases += 1
                entry.heldSeconds += seconds
                rows[id] = entry
            }
            if lease.startedAt >= from { hours[calendar.component(.hour, from: lease.startedAt)].leasesTaken += 1 }
            // Spread the time over the hours of the day it covers.
            var cursor = start
            while cursor < end {
                let hourStart = calendar.dateInterval(of: .hour, for: cursor)?.start ?? cursor
                let next = min(end, hourStart.addingTimeInterval(3600))
                hours[calendar.component(.hour, from: cursor)].heldSeconds += Int(next.timeIntervalSince(cursor).rounded())
                cursor = next
            }
        }
        var totalWaited = 0
        for wait in waits {
            let seconds = waited(wait)
            totalWaited += seconds
            for id in keys(user: wait.userID, device: wait.offeredDeviceID ?? wait.deviceID) {
                var entry = row(id)
                entry.waits += 1
                entry.waitedSeconds += seconds
                rows[id] = entry
            }
        }
        let busiest = { (left: UsageReport.Row, right: UsageReport.Row) in
            (left.heldSeconds, right.name, right.path) > (right.heldSeconds, left.name, left.path)
        }
        var sorted = rows.values.sorted(by: busiest)
        if by == .unit {
            // The tree's order: each unit followed by the units under it, siblings most held first.
            var ordered: [UsageReport.Row] = []
            func visit(_ parent: UUID?) {
                for row in sorted
                where units[row.id]?.parentID == parent || (parent == nil && units[row.id]?.parentID.map { rows[$0] == nil } == true) {
                    guard !ordered.contains(where: { $0.id == row.id }) else { continue }
                    ordered.append(row)
                    visit(row.id)
                }
            }
            visit(nil)
            sorted = ordered + sorted.filter { row in !ordered.contains { $0.id == row.id } }
        }
        return UsageReport(
            from: from, to: to, by: by, timeZone: timeZone.identifier, rows: sorted, hours: hours, leases: leases.count, heldSeconds: totalHeld,
            waits: waits.count, waitedSeconds: totalWaited)
    }
}
