/// The languages ncod speaks to people.
public enum Language: String, Codable, Hashable, Sendable, CaseIterable {
    /// English.
    case english = "en"
    /// Simplified Chinese.
    case simplifiedChinese = "zh-Hans"

    /// The value of an HTML `lang` attribute.
    public var htmlTag: String { self == .english ? "en" : "zh-CN" }

    /// The best language for an HTTP `Accept-Language` header (`zh-CN,zh;q=0.9,en;q=0.8`); English when nothing matches.
    public static func preferred(acceptLanguage header: String?) -> Language {
        guard let header else { return .english }
        let ranked = header.split(separator: ",").compactMap { part -> (tag: String, quality: Double)? in
            let pieces = part.split(separator: ";").map { String($0).trimmingWhitespace() }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality)
        }
        for candidate in ranked.sorted(by: { $0.quality > $1.quality }) where candidate.quality > 0 {
            if candidate.tag.hasPrefix("zh") { return .simplifiedChinese }
            if candidate.tag.hasPrefix("en") || candidate.tag == "*" { return .english }
        }
        return .english
    }

    /// The language of a POSIX locale (`LANG=zh_CN.UTF-8`), checking `LC_ALL`, `LC_MESSAGES`, then `LANG`.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .simplifiedChinese : .english
        }
        return .english
    }
}
