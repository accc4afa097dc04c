#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Durations as people type them: `90` (seconds), `45s`, `30m`, `2h`, `1h30m`, `1d`; and back, as the shortest such text.
public enum DurationText {
    /// The seconds `text` stands for; `nil` when it is not a duration (or not positive).
    public static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces().lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let plain = Int(trimmed) { return plain > 0 ? plain : nil }
        var total = 0
        var digits = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let value = Int(digits), let unit = ["d": 86_400, "h": 3_600, "m": 60, "s": 1][String(character)] else { return nil }
            let (product, overflowed) = value.multipliedReportingOverflow(by: unit)
            guard !overflowed, total <= Int.max - product else { return nil }
            total += product
            digits = ""
        }
        guard digits.isEmpty, total > 0 else { return nil }
        return total
    }

    /// The moment `text` names, from `now`: a duration (`2h`, `90m`) from now, or a clock time (`18:00`) today, or tomorrow when
    /// that has passed; `nil` when it is neither.
    public static func end(_ text: String, from now: Date, timeZone: TimeZone) -> Date? {
        let trimmed = text.trimmingSpaces()
        let clock = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        if clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute),
            clock[1].count == 2
        {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            guard let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: now) else { return nil }
            return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today)
        }
        return seconds(trimmed).map { now.addingTimeInterval(TimeInterval($0)) }
    }

    /// `seconds` as `1h30m`, `45m`, `20s`.
    public static func text(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var parts = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            parts += "\(rest / size)\(unit)"
            rest %= size
        }
        return parts
    }
}
