#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A ``SlaveHeartbeat`` as a line of a slave's link, written and read without `JSONEncoder`/`JSONDecoder` (which cost more than
/// the rest of a beat's handling): the daemon writes the line, the master reads the two fields it needs, `session` and `sequence`.
///
/// The line must be one flat JSON object: string, number, `true`, `false` or `null` values, no nesting. A string with an escape,
/// a nested value or anything else unexpected gives `nil`, and the caller decodes the line the slow way, which also names what is
/// wrong with it; so this reads a subset of JSON and never accepts what `JSONDecoder` would refuse for those two fields.
public enum HeartbeatLine {
    /// `heartbeat` as `NcodJSON.encoder()` writes it (sorted keys, the date in whole seconds, UTC, the session in capitals) and a
    /// newline, without an encoder: a slave beats every 2 s, and the load harness's thousands of slaves beat on one machine.
    public static func encode(_ heartbeat: SlaveHeartbeat) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(112)
        line.append(contentsOf: "{\"sentAt\":\"".utf8)
        line.append(contentsOf: stamp(heartbeat.sentAt).utf8)
        line.append(contentsOf: "\",\"sequence\":".utf8)
        line.append(contentsOf: String(heartbeat.sequence).utf8)
        line.append(contentsOf: ",\"session\":\"".utf8)
        line.append(contentsOf: heartbeat.session.uuidString.utf8)
        line.append(contentsOf: "\"}\n".utf8)
        return line
    }

    /// `date` as ISO 8601 in whole seconds, UTC (`2026-11-28T10:00:00Z`), as `JSONEncoder`'s `.iso8601` writes it.
    static func stamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let year4 = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(year4)-\(two(month))-\(two(day))T\(two(inDay / 3600)):\(two(inDay % 3600 / 60)):\(two(inDay % 60))Z"
    }

    /// The session and sequence of `line` (without its newline), or `nil` when the fast reading does not apply.
    public static func parse(_ line: [UInt8]) -> (session: UUID, sequence: Int)? {
        line.withUnsafeBufferPointer { parse($0) }
    }

    /// The session and sequence of `bytes`, or `nil` when the fast reading does not apply.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (session: UUID, sequence: Int)? {
        var scanner = Scanner(bytes: bytes)
        var session: UUID?
        var sequence: Int?
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        scanner.skipSpace()
        if scanner.take(UInt8(ascii: "}")) { return nil }
        while true {
            guard let key = scanner.string() else { return nil }
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: ":")) else { return nil }
            scanner.skipSpace()
            if key.elementsEqual("session".utf8) {
                guard session == nil, let text = scanner.string(), let uuid = UUID(uuidString: String(decoding: text, as: UTF8.self))
                else { return nil }
                session = uuid
            } else if key.elementsEqual("sequence".utf8) {
                guard sequence == nil, let number = scanner.integer() else { return nil }
                sequence = number
            } else {
                guard scanner.skipValue() else { return nil }
            }
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: "}")) { break }
            guard scanner.take(UInt8(ascii: ",")) else { return nil }
            scanner.skipSpace()
        }
        scanner.skipSpace()
        guard scanner.atEnd, let session, let sequence else { return nil }
        return (session, sequence)
    }

    /// A cursor over the line's bytes.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D, 0x0A: index += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string without escapes or control characters (its bytes between the quotes).
        mutating func string() -> UnsafeBufferPointer<UInt8>.SubSequence? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return bytes[start..<index - 1]
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        /// An integer written as JSON writes one: an optional minus and digits, no leading zero, no fraction or exponent.
        mutating func integer() -> Int? {
            let negative = take(UInt8(ascii: "-"))
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
                guard !overflowA, !overflowB else { return nil }
                value = sum
                index += 1
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
                default: break
                }
            }
            return negative ? -value : value
        }

        /// Passes over a string, a number or a literal; `false` for anything else (an object or array among them).
        mutating func skipValue() -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                return index > start
            default:
                for literal in ["true", "false", "null"] where bytes[index...].starts(with: literal.utf8) {
                    index += literal.utf8.count
                    return true
                }
                return false
            }
        }
    }
}
