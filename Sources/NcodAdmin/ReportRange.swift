import Foundation
import NcodCore

/// The periods the reports section offers (`p` moves to the next), each reckoned in the console's time zone.
public enum ReportRange: String, CaseIterable, Equatable, Sendable {
    /// From the first of this month to the end of today.
    case thisMonth
    /// The whole of last month.
    case lastMonth
    /// The last seven days, today included.
    case lastWeek
    /// The last thirty days, today included.
    case last30Days
    /// From the first of January to the end of today.
    case thisYear

    /// Its start (included) and end (excluded) around `now`.
    public func interval(now: Date, timeZone: TimeZone) -> (from: Date, to: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: today) ?? now
        let month = calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? today
        switch self {
        case .thisMonth: return (month, tomorrow)
        case .lastMonth: return (calendar.date(byAdding: .month, value: -1, to: month) ?? month, month)
        case .lastWeek: return (calendar.date(byAdding: .day, value: -6, to: today) ?? today, tomorrow)
        case .last30Days: return (calendar.date(byAdding: .day, value: -29, to: today) ?? today, tomorrow)
        case .thisYear: return (calendar.date(from: calendar.dateComponents([.year], from: now)) ?? today, tomorrow)
        }
    }

    /// Its name.
    public var title: Message {
        switch self {
        case .thisMonth: Message("this month", zh: "本月")
        case .lastMonth: Message("last month", zh: "上月")
        case .lastWeek: Message("last 7 days", zh: "最近 7 天")
        case .last30Days: Message("last 30 days", zh: "最近 30 天")
        case .thisYear: Message("this year", zh: "今年")
        }
    }

    /// The next one, after the last the first.
    public var next: ReportRange {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
