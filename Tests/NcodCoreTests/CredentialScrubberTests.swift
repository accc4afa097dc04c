import Foundation
import NcodCore
import Testing

/// The scrubber without regular expressions removes what the regular expressions it replaced removed, on every line tried.
@Suite("Credential scrubbing without regular expressions")
struct CredentialScrubberTests {
    /// The patterns RedactingLogHandler used before (NSRegularExpression, Foundation's internationalisation).
    static let patterns: [(NSRegularExpression, String)] = [
        (#"(?i)\b(Bearer|Slave|Basic)\s+[A-Za-z0-9._~+/=-]+"#, "$1 ***"),
        (#"(?i)\b(ncod_session|ncod_csrf)=[^;\s,"]+"#, "$1=***"),
        (
            #"(?i)("(?:password|newPassword|temporaryPassword|refreshToken|accessToken|token|credential|enrolmentSecret|secret)"\s*:\s*)"(?:[^"\\]|\\.)*""#,
            "$1\"***\""
        ),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    static func byRegularExpressions(_ text: String) -> String {
        guard text.contains(where: { $0 == ":" || $0 == "=" || $0 == " " }) else { return text }
        var result = text
        for (pattern, template) in patterns {
            result = pattern.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }

    @Test("lines built from credentials, separators and near misses come out as the regular expressions made them")
    func sameAsRegularExpressions() {
        let pieces = [
            "Bearer", "bearer", "BASIC", "Slave", "slaved", "xBearer", "Bearers", " ", "  ", "\t", "\n", "abc.DEF-_~+/=", "tok", ":", " : ",
            "=", ";", ",", "\"", "\\", "\\\"", "\"password\"", "\"Password\"", "\"token\"", "\"tokens\"", "\"refreshToken\"", "\"secret\"",
            "ncod_session=", "NCOD_CSRF=", "ncod_sessions=", "_ncod_session=", "eyJ.x.y", "长城 ", "{", "}", "Authorization: ",
        ]
        var generator = SplitMix(seed: 21)
        for _ in 0..<20_000 {
            let line = (0..<Int.random(in: 1...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(RedactingLogHandler.scrub(line) == Self.byRegularExpressions(line), "\(line.debugDescription)")
        }
    }

    @Test("near misses stay as they are; an unterminated secret string is left for the reader to see")
    func nearMisses() {
        for line in ["Bearers are people", "xBearer abc", "Basic  ", "ncod_session=", #"{"password":"unterminated"#, "ncod-slaved run"] {
            #expect(RedactingLogHandler.scrub(line) == line)
        }
        #expect(RedactingLogHandler.scrub(#"{"token" : "a\"b", "n": 1}"#) == #"{"token" : "***", "n": 1}"#)
        #expect(RedactingLogHandler.scrub("BEARER abc") == "BEARER ***")
    }
}

/// A small seeded generator, so that a failing line can be found again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
