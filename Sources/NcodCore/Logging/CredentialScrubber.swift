/// Finds credentials in a log line and replaces them with `***`, in three passes over its bytes (no regular expressions: the slave
/// daemon links no Foundation beyond its essentials, and a scan is cheaper on every line the master writes):
/// 1. `Bearer`, `Slave` or `Basic` (any case, starting a word), white space, then token characters `[A-Za-z0-9._~+/=-]+` →
///    `Bearer ***`;
/// 2. `ncod_session=` or `ncod_csrf=` (any case, starting a word) and the cookie's value up to `;`, white space, `,` or `"` →
///    `ncod_session=***`;
/// 3. a JSON member named `password`, `newPassword`, `temporaryPassword`, `refreshToken`, `accessToken`, `token`, `credential`,
///    `enrolmentSecret` or `secret` (any case) whose value is a string → `"password":"***"`, keeping the spacing around `:`.
enum CredentialScrubber {
    /// `text` with credentials replaced by `***`.
    static func scrub(_ text: String) -> String {
        var bytes = Array(text.utf8)
        bytes = authorizations(bytes)
        bytes = cookies(bytes)
        bytes = jsonSecrets(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let schemes = ["bearer", "slave", "basic"].map { Array($0.utf8) }
    private static let cookieNames = ["ncod_session", "ncod_csrf"].map { Array($0.utf8) }
    private static let secretFields = [
        "password", "newpassword", "temporarypassword", "refreshtoken", "accesstoken", "token", "credential", "enrolmentsecret", "secret",
    ].map { Array($0.utf8) }
    private static let quote = UInt8(ascii: "\"")

    private static func authorizations(_ b: [UInt8]) -> [UInt8] {
        replacing(in: b) { b, i in
            guard startsWord(b, i), let scheme = schemes.first(where: { matches(b, at: i, $0) }) else { return nil }
            let afterScheme = i + scheme.count
            var token = afterScheme
            while token < b.count, isSpace(b[token]) { token += 1 }
            guard token > afterScheme else { return nil }
            var end = token
            while end < b.count, isTokenByte(b[end]) { end += 1 }
            guard end > token else { return nil }
            return (end, Array(b[i..<afterScheme]) + Array(" ***".utf8))
        }
    }

    private static func cookies(_ b: [UInt8]) -> [UInt8] {
        replacing(in: b) { b, i in
            guard startsWord(b, i), let name = cookieNames.first(where: { matches(b, at: i, $0) }) else { return nil }
            let equals = i + name.count
            guard equals < b.count, b[equals] == UInt8(ascii: "=") else { return nil }
            var end = equals + 1
            while end < b.count, !isSpace(b[end]), ![UInt8(ascii: ";"), UInt8(ascii: ","), quote].contains(b[end]) { end += 1 }
            guard end > equals + 1 else { return nil }
            return (end, Array(b[i...equals]) + Array("***".utf8))
        }
    }

    private static func jsonSecrets(_ b: [UInt8]) -> [UInt8] {
        replacing(in: b) { b, i in
            guard b[i] == quote,
                let field = secretFields.first(where: { matches(b, at: i + 1, $0) && i + 1 + $0.count < b.count && b[i + 1 + $0.count] == quote })
            else { return nil }
            var value = i + field.count + 2
            while value < b.count, isSpace(b[value]) { value += 1 }
            guard value < b.count, b[value] == UInt8(ascii: ":") else { return nil }
            value += 1
            while value < b.count, isSpace(b[value]) { value += 1 }
            guard value < b.count, b[value] == quote else { return nil }
            var end = value + 1
            while end < b.count, b[end] != quote {
                if b[end] == UInt8(ascii: "\\") {
                    guard end + 1 < b.count, b[end + 1] != UInt8(ascii: "\n") else { return nil }
                    end += 2
                } else {
                    end += 1
                }
            }
            guard end < b.count else { return nil }
            return (end + 1, Array(b[i..<value]) + Array("\"***\"".utf8))
        }
    }

    /// Walks `b`; where `match` finds something at an index it gives the index after it and what replaces it.
    private static func replacing(in b: [UInt8], _ match: ([UInt8], Int) -> (end: Int, replacement: [UInt8])?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if let (end, replacement) = match(b, i) {
                out.append(contentsOf: replacement)
                i = end
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// Whether `word` (lower-case ASCII) is at `i`, in any case.
    private static func matches(_ b: [UInt8], at i: Int, _ word: [UInt8]) -> Bool {
        guard i + word.count <= b.count else { return false }
        for (offset, letter) in word.enumerated() where lowered(b[i + offset]) != letter { return false }
        return true
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// Whether a word starts at `i`: the byte before it is not an ASCII letter, digit or `_`. (After a letter of another script
    /// a regular expression's `\b` would not match: scrubbing there too errs on the side of the secret.)
    private static func startsWord(_ b: [UInt8], _ i: Int) -> Bool {
        i == 0 || !(isASCIIAlphanumeric(b[i - 1]) || b[i - 1] == UInt8(ascii: "_"))
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = lowered(byte)
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isASCIIAlphanumeric(byte) || Array("._~+/=-".utf8).contains(byte)
    }
}
