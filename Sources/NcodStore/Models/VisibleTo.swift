import Foundation

/// The `visible_to` columns: org unit ids, comma-separated, lower case, sorted; empty for everyone.
enum VisibleTo {
    /// The column's text for `ids`.
    static func text(_ ids: [UUID]) -> String { Set(ids.map { $0.uuidString.lowercased() }).sorted().joined(separator: ",") }

    /// The ids in the column's text. An entry that cannot be read stands for no unit at all, so a damaged restriction still
    /// restricts (to administrators) rather than opening the device to everyone.
    static func ids(_ text: String) -> [UUID] {
        text.split(separator: ",").map { UUID(uuidString: String($0)) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) }
    }
}
