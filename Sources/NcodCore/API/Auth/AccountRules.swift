/// The shape rules for account fields, shared by the master (which enforces them) and the clients (which can check early).
/// Each check returns the message for a person, or `nil` when the value is fine.
public enum AccountRules {
    /// Longest display name, contact or org unit name accepted.
    public static let maximumTextLength = 100

    /// 3–32 characters of `a-z 0-9 . _ -`, starting with a letter (the username is lower-cased first).
    public static func usernameProblem(_ username: String) -> String? {
        let name = username.lowercased()
        guard (3...32).contains(name.count) else { return "the username must have 3 to 32 characters" }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return "the username must start with a letter a–z" }
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }
        return allowed ? nil : "the username may only hold letters a–z, digits, '.', '_' and '-'"
    }

    /// Any script, 1–100 characters, no control characters.
    public static func displayNameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingWhitespace()
        if trimmed.isEmpty { return "the name must not be empty" }
        if trimmed.count > maximumTextLength { return "the name must have at most \(maximumTextLength) characters" }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the name must not hold control characters"
        }
        return nil
    }

    /// An e-mail address (`a@b.c`) or a phone number (digits with optional `+`, spaces, `-`, brackets; 5–20 digits).
    public static func contactProblem(_ contact: String) -> String? {
        let text = contact.trimmingWhitespace()
        if text.isEmpty { return "give a phone number or an e-mail address" }
        if text.count > maximumTextLength { return "the contact must have at most \(maximumTextLength) characters" }
        if text.contains("@") {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            let valid =
                parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
                && !text.contains(where: { $0 == " " || $0 == "<" || $0 == ">" })
            return valid ? nil : "'\(text)' is not an e-mail address"
        }
        let digits = text.filter(\.isASCII).filter(\.isNumber).count
        let allowed = text.allSatisfy { $0.isASCII && ($0.isNumber || " +-()".contains($0)) }
        return allowed && (5...20).contains(digits) ? nil : "'\(text)' is neither a phone number nor an e-mail address"
    }
}
