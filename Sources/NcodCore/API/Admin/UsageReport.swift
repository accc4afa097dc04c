#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `GET /api/v1/admin/reports/usage`: what was used, by whom, for how long, in a period; from lease and waiting-list records.
///
/// A lease counts in every period it overlaps, with the part of it inside the period; a lease still held counts up to the time of the
/// report. Per org unit, a lease counts for its holder's unit and every unit above it (the holder's unit now). Waits count in the
/// period they were joined in; a wait's time runs from joining to its first offer (or to leaving, when none came).
public struct UsageReport: Codable, Hashable, Sendable {
    /// What the rows are.
    public enum Grouping: String, Codable, Hashable, Sendable, CaseIterable {
        /// One row per device.
        case device
        /// One row per person.
        case person
        /// One row per org unit, each with everything below it.
        case unit

        /// Reads `device`, `person`, `unit` or `department`.
        public init?(text: String) {
            if text == "department" {
                self = .unit
            } else {
                self.init(rawValue: text)
            }
        }
    }

    /// One device, person or unit.
    public struct Row: Codable, Hashable, Sendable {
        /// Its id.
        public var id: UUID
        /// Its name: a device's nickname or product, a person's name, a unit's name.
        public var name: String
        /// Where it is: a device's VirtualHere address, a person's username, a unit's path (organisation / company / department).
        public var path: String
        /// Leases held in the period.
        public var leases: Int
        /// Seconds held in the period.
        public var heldSeconds: Int
        /// Waits joined in the period.
        public var waits: Int
        /// Seconds waited, those waits together.
        public var waitedSeconds: Int

        /// A row.
        public init(id: UUID, name: String, path: String, leases: Int = 0, heldSeconds: Int = 0, waits: Int = 0, waitedSeconds: Int = 0) {
            self.id = id
            self.name = name
            self.path = path
            self.leases = leases
            self.heldSeconds = heldSeconds
            self.waits = waits
            self.waitedSeconds = waitedSeconds
        }
    }

    /// One hour of the day.
    public struct Hour: Codable, Hashable, Sendable {
        /// 0 to 23, in the report's time zone.
        public var hour: Int
        /// Seconds held within that hour of any day of the period, every device together.
        public var heldSeconds: Int
        /// Leases taken within that hour.
        public var leasesTaken: Int

        /// An hour.
        public init(hour: Int, heldSeconds: Int, leasesTaken: Int) {
            self.hour = hour
            self.heldSeconds = heldSeconds
            self.leasesTaken = leasesTaken
        }
    }

    /// The period's start (included).
    public var from: Date
    /// Its end (excluded).
    public var to: Date
    /// What the rows are.
    public var by: Grouping
    /// The time zone hours are counted in.
    public var timeZone: String
    /// The rows, most held first (then by name).
    public var rows: [Row]
    /// Every hour of the day, 0 to 23.
    public var hours: [Hour]
    /// Leases in the period, all together.
    public var leases: Int
    /// Seconds held in the period, all together.
    public var heldSeconds: Int
    /// Waits joined in the period.
    public var waits: Int
    /// Seconds waited, all together.
    public var waitedSeconds: Int

    /// A report.
    public init(
        from: Date, to: Date, by: Grouping, timeZone: String, rows: [Row], hours: [Hour], leases: Int, heldSeconds: Int, waits: Int,
        waitedSeconds: Int
    ) {
        self.from = from
        self.to = to
        self.by = by
        self.timeZone = timeZone
        self.rows = rows
        self.hours = hours
        self.leases = leases
        self.heldSeconds = heldSeconds
        self.waits = waits
        self.waitedSeconds = waitedSeconds
    }

    /// The busiest hours, most held first.
    public var busiestHours: [Hour] { hours.filter { $0.heldSeconds > 0 }.sorted { ($0.heldSeconds, -$0.hour) > ($1.heldSeconds, -$1.hour) } }

    /// The rows as CSV for a spreadsheet: a header, then `kind,id,name,path,leases,hours_held,waits,hours_waited` (hours with two
    /// decimals), quoted where a field needs it; a name starting like a formula (`=`, `+`, `-`, `@`) gets a `'` first.
    public var csv: String {
        func field(_ raw: String) -> String {
            // A name a spreadsheet would run as a formula is kept as text.
            let text = raw.first.map { "=+-@\t".contains($0) } == true ? "'" + raw : raw
            return text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
        }
        func hours(_ seconds: Int) -> String { PlainText.decimal(seconds, over: 3600, places: 2) }
        var lines = ["\(by.rawValue),id,name,path,leases,hours_held,waits,hours_waited"]
        for row in rows {
            lines.append(
                [
                    by.rawValue, row.id.uuidString.lowercased(), field(row.name), field(row.path), String(row.leases), hours(row.heldSeconds),
                    String(row.waits), hours(row.waitedSeconds),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
