/// A client answer, classified the way the reference recommends (§3.3): control characters trimmed,
/// `OK` is success, `FAILED…` / `ERROR…` a failure with its reason, anything else a query's payload.
public enum VHResponse: Hashable, Sendable {
    /// The action succeeded.
    case ok
    /// The client refused or failed; the text after `FAILED` / `ERROR:` when there was one.
    case failed(String)
    /// A query's answer.
    case payload(String)

    /// Classifies raw response bytes.
    public init(raw: String) {
        let text = Self.sanitize(raw)
        let trimmed = text.trimmingCharacters(in: " \n\t")
        let upper = trimmed.uppercased()
        if upper == "OK" {
            self = .ok
        } else if upper.hasPrefix("FAILED") || upper.hasPrefix("ERROR") {
            var reason = trimmed.drop { $0 != ":" && $0 != " " }.drop { $0 == ":" || $0 == " " }
            if upper == "FAILED" || upper == "ERROR" { reason = "" }
            self = .failed(String(reason))
        } else {
            self = .payload(text)
        }
    }

    /// The text without stray control bytes: a trailing status byte (`\u{01}`), NULs, carriage returns.
    /// Newlines and tabs stay.
    public static func sanitize(_ raw: String) -> String {
        String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || $0.value >= 0x20 }))
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    func trimmingCharacters(in set: String) -> String {
        let skip = Set(set)
        guard let first = firstIndex(where: { !skip.contains($0) }), let last = lastIndex(where: { !skip.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
