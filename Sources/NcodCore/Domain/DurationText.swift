import Foundation

/// Durations as people type them: `90` (seconds), `45s`, `30m`, `2h`, `1h30m`, `1d`; and back, as the shortest such text.
public enum DurationText {
    /// The seconds `text` stands for; `nil` when it is not a duration (or not positive).
    public static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
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
