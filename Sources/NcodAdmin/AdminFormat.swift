import Foundation
import NcodCore

/// Times, ages and sizes as the console shows them; parsing the times an administrator types.
public enum AdminFormat {
    /// `2026-11-21 09:15` in `timeZone`.
    public static func time(_ date: Date, _ timeZone: TimeZone, seconds: Bool = false) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let base = "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
        return seconds ? base + ":" + two(parts.second) : base
    }

    /// `15:14:05` in `timeZone`: a moment within the next minutes.
    public static func clock(_ date: Date, _ timeZone: TimeZone) -> String {
        String(time(date, timeZone, seconds: true).split(separator: " ").last ?? "")
    }

    /// A time typed by an administrator: `2026-11-21`, `2026-11-21 09:00`, `2026-11-21 09:00:30` (in `timeZone`), or ISO 8601.
    public static func parseTime(_ text: String, _ timeZone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let iso = try? Date(trimmed, strategy: .iso8601) { return iso }
        let numbers = trimmed.split(whereSeparator: { "-: T".contains($0) }).map { Int($0) }
        guard [3, 5, 6].contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else { return nil }
        let values = numbers.map { $0! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var parts = DateComponents(year: values[0], month: values[1], day: values[2])
        parts.hour = values.count > 3 ? values[3] : 0
        parts.minute = values.count > 4 ? values[4] : 0
        parts.second = values.count > 5 ? values[5] : 0
        guard parts.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: parts)
    }

    /// How long ago `date` was: `12 s`, `3 min`, `2 h`, `4 d` (`12 秒`, `3 分钟`, `2 小时`, `4 天`).
    public static func age(_ date: Date?, now: Date, _ language: Language) -> String {
        guard let date else { return "—" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        let english = language == .english
        switch seconds {
        case ..<60: return english ? "\(seconds) s" : "\(seconds) 秒"
        case ..<3600: return english ? "\(seconds / 60) min" : "\(seconds / 60) 分钟"
        case ..<86400: return english ? "\(seconds / 3600) h" : "\(seconds / 3600) 小时"
        default: return english ? "\(seconds / 86400) d" : "\(seconds / 86400) 天"
        }
    }

    /// A one-line health summary: `load 0.12 · mem 41% · disk 63% · enforcing`; `compact`: `enforcing · load 0.12`.
    public static func health(_ slave: SlaveView, _ language: Language, compact: Bool = false) -> String {
        guard let health = slave.health else { return "—" }
        func percent(_ available: UInt64, of total: UInt64) -> String {
            total == 0 ? "?" : "\(Int((Double(total - min(available, total)) / Double(total) * 100).rounded()))%"
        }
        let load = health.load.first.map { String(format: "%.2f", $0) } ?? "?"
        let vh = health.virtualHereRunning ? "" : " · " + AdminText.vhStopped.text(in: language)
        if compact { return "\(slave.enforcement) · load \(load)" + vh }
        return "load \(load) · mem \(percent(health.memoryAvailableBytes, of: health.memoryTotalBytes)) · disk "
            + "\(percent(health.diskAvailableBytes, of: health.diskTotalBytes)) · \(slave.enforcement)" + vh
    }
}
