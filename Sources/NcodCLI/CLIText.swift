import Foundation
import NcodCore

/// The `ncod` command's words for people, in English and Chinese, and the one table layout its listings use.
public enum CLIText {
    /// `14:05` today, `28 Nov 14:05` another day, in the local time zone.
    public static func clock(_ date: Date, now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = Calendar.current.isDate(date, inSameDayAs: now) ? "HH:mm" : "d MMM HH:mm"
        return formatter.string(from: date)
    }

    /// What a device's state column says.
    public static func state(_ device: CLIDevice) -> Message {
        var text: Message
        switch device.state {
        case .free: text = Message("free", zh: "空闲")
        case .offline: text = Message("offline", zh: "离线")
        case .mine: text = Message("yours" + until(device.heldUntil).english, zh: "您在用" + until(device.heldUntil).chinese)
        case .held:
            let name = device.heldBy ?? "?"
            text = Message("held by \(name)" + until(device.heldUntil).english, zh: "\(name) 在用" + until(device.heldUntil).chinese)
        case .reserved:
            let name = device.reservedFor ?? "?"
            text = Message("kept for \(name)" + until(device.reservedUntil).english, zh: "为 \(name) 保留" + until(device.reservedUntil).chinese)
        case .yourTurn: text = Message("your turn" + until(device.reservedUntil).english, zh: "轮到您" + until(device.reservedUntil).chinese)
        }
        if device.waiting > 0 {
            let place = device.myPlace.map { Message(", you are #\($0)", zh: "，您排第 \($0)") } ?? Message("", zh: "")
            text = Message(
                text.english + " · \(device.waiting) waiting" + place.english, zh: text.chinese + " · \(device.waiting) 人排队" + place.chinese)
        }
        return text
    }

    private static func until(_ date: Date?) -> Message {
        guard let date else { return Message("", zh: "") }
        return Message(" until \(clock(date))", zh: "，至 \(clock(date))")
    }

    /// Columns padded to their widest cell (a Chinese character counts two), separated by two spaces.
    public static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? width($0[column]) : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - width(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Columns a text takes in a terminal: East Asian wide characters count two.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
