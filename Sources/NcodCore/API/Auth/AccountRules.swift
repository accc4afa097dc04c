/// The shape rules for account fields, shared by the master (which enforces them) and the clients (which can check early).
/// Each check returns the message for a person, or `nil` when the value is fine.
public enum AccountRules {
    /// Longest display name, contact or org unit name accepted.
    public static let maximumTextLength = 100

    /// 3–32 characters of `a-z 0-9 . _ -`, starting with a letter (the username is lower-cased first).
    public static func usernameProblem(_ username: String) -> Message? {
        let name = username.lowercased()
        guard (3...32).contains(name.count) else { return Message("the username must have 3 to 32 characters", zh: "用户名须为 3 到 32 个字符") }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else {
            return Message("the username must start with a letter a–z", zh: "用户名须以字母 a–z 开头")
        }
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }
        return allowed
            ? nil : Message("the username may only hold letters a–z, digits, '.', '_' and '-'", zh: "用户名只能包含字母 a–z、数字、“.”、“_”和“-”")
    }

    /// Longest reason an administrator gives (reject, disable, force-release), in Unicode scalars.
    public static let maximumReasonLength = 500

    /// Any script, 1–100 Unicode scalars once trimmed (``TextHygiene/canonical(_:)``, the form stored), no control, format or
    /// separator characters (``TextHygiene``): a name of zero-width spaces, or one letter with 100,000 combining marks, is refused.
    public static func displayNameProblem(_ name: String) -> Message? {
        let trimmed = TextHygiene.canonical(name)
        if TextHygiene.isUnclean(trimmed) {
            return Message(
                "the name must not hold control, zero-width or direction characters", zh: "名称不能包含控制字符、零宽字符或文字方向控制字符")
        }
        if trimmed.isEmpty { return Message("the name must not be empty", zh: "名称不能为空") }
        if trimmed.unicodeScalars.count > maximumTextLength {
            return Message("the name must have at most \(maximumTextLength) characters", zh: "名称最多 \(maximumTextLength) 个字符")
        }
        return nil
    }

    /// A reason for an administrator's act: at most ``maximumReasonLength`` scalars, no control, format or separator characters.
    public static func reasonProblem(_ reason: String) -> Message? {
        if TextHygiene.isUnclean(reason) {
            return Message("the reason must not hold control, zero-width or direction characters", zh: "原因不能包含控制字符、零宽字符或文字方向控制字符")
        }
        if reason.unicodeScalars.count > maximumReasonLength {
            return Message("the reason must have at most \(maximumReasonLength) characters", zh: "原因最多 \(maximumReasonLength) 个字符")
        }
        return nil
    }

    /// An e-mail address (`a@b.c`) or a phone number (digits with optional `+`, spaces, `-`, brackets; 5–20 digits).
    public static func contactProblem(_ contact: String) -> Message? {
        let text = TextHygiene.canonical(contact)
        if text.isEmpty { return Message("give a phone number or an e-mail address", zh: "请填写电话号码或电子邮箱") }
        if TextHygiene.isUnclean(text) {
            return Message("the contact must not hold control, zero-width or direction characters", zh: "联系方式不能包含控制字符、零宽字符或文字方向控制字符")
        }
        if text.unicodeScalars.count > maximumTextLength {
            return Message("the contact must have at most \(maximumTextLength) characters", zh: "联系方式最多 \(maximumTextLength) 个字符")
        }
        if text.contains("@") {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            let valid =
                parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
                && !text.contains(where: { $0 == " " || $0 == "<" || $0 == ">" })
            return valid ? nil : Message("'\(text)' is not an e-mail address", zh: "“\(text)”不是有效的电子邮箱")
        }
        let digits = text.filter(\.isASCII).filter(\.isNumber).count
        let allowed = text.allSatisfy { $0.isASCII && ($0.isNumber || " +-()".contains($0)) }
        return allowed && (5...20).contains(digits)
            ? nil : Message("'\(text)' is neither a phone number nor an e-mail address", zh: "“\(text)”既不是电话号码也不是电子邮箱")
    }
}
