import Foundation
import NcodCore

/// Org units by name, as an administrator types them: a unit's name, or its whole path (`华东 / 上海 / 14号线`) when the name is not
/// unique; and back, for showing a restriction.
enum UnitNames {
    /// Every unit with its path, root first.
    static func paths(_ forest: [OrgUnitNode]) -> [(id: UUID, name: String, path: String)] {
        var found: [(UUID, String, String)] = []
        func walk(_ node: OrgUnitNode, _ above: String) {
            let path = above.isEmpty ? node.name : above + " / " + node.name
            found.append((node.id, node.name, path))
            for child in node.children { walk(child, path) }
        }
        for root in forest { walk(root, "") }
        return found
    }

    /// The ids `text` names (comma-separated), or the message saying which name is unknown or ambiguous.
    static func resolve(_ text: String, in forest: [OrgUnitNode]) -> Result<[UUID], Message.Failure> {
        let all = paths(forest)
        var ids: [UUID] = []
        var unknown: [String] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let byPath = all.filter { $0.path.caseInsensitiveCompare(part) == .orderedSame }
            let byName = all.filter { $0.name.caseInsensitiveCompare(part) == .orderedSame }
            let matches = byPath.isEmpty ? byName : byPath
            if matches.count > 1 {
                return .failure(.init(AdminText.ambiguousUnit(part, matches.map(\.path).joined(separator: ", "))))
            }
            if let match = matches.first { ids.append(match.id) } else { unknown.append("'\(part)'") }
        }
        guard unknown.isEmpty else { return .failure(.init(AdminText.unknownUnits(unknown.joined(separator: ", ")))) }
        return .success(ids)
    }

    /// The names of `ids`, for showing a restriction ("everyone" when there is none).
    static func names(_ ids: [UUID], in forest: [OrgUnitNode], _ language: Language) -> String {
        guard !ids.isEmpty else { return AdminText.everyone.text(in: language) }
        let all = Dictionary(paths(forest).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return ids.map { all[$0] ?? "?" }.sorted().joined(separator: ", ")
    }
}

extension Message {
    /// A message as an error, for `Result`.
    struct Failure: Error {
        /// The message.
        let message: Message

        init(_ message: Message) { self.message = message }
    }
}
