import Foundation

/// Reads the two fields the master needs of a ``SlaveHeartbeat`` line on a slave's link, `session` and `sequence`, without a
/// `JSONDecoder` (which costs more than the rest of a beat's handling).
///
/// The line must be one flat JSON object: string, number, `true`, `false` or `null` values, no nesting. A string with an escape,
/// a nested value or anything else unexpected gives `nil`, and the caller decodes the line the slow way, which also names what is
/// wrong with it; so this reads a subset of JSON and never accepts what `JSONDecoder` would refuse for those two fields.
public enum HeartbeatLine {
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
