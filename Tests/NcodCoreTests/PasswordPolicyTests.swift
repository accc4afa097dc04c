import NcodCore
import Testing

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test("weak passwords are refused with a reason a person can act on")
    func weak() {
        let policy = PasswordPolicy.standard
        #expect(policy.problem(with: "short1", username: "wang")?.english == "the password must have at least 10 characters")
        #expect(policy.problem(with: "wang.fang2026!", username: "wang.fang")?.english == "the password must not contain the username")
        #expect(policy.problem(with: "onlyletterslong", username: "li")?.english == "the password must mix letters with digits or symbols")
        #expect(policy.problem(with: "1234567890123", username: "li")?.english == "the password must mix letters with digits or symbols")
    }

    @Test("a password bcrypt would cut (over 72 bytes) is refused, not truncated without a word")
    func tooLong() {
        let chinese = String(repeating: "长城", count: 12) + "1"  // 24 CJK characters (72 bytes) and a digit: 73 bytes
        #expect(PasswordPolicy.standard.problem(with: chinese, username: "li")?.english.hasPrefix("the password must have at most 72 bytes") == true)
        #expect(PasswordPolicy.standard.problem(with: String(chinese.dropLast(3)) + "1", username: "li") == nil, "72 bytes: fine")
        #expect(PasswordPolicy.standard.problem(with: String(repeating: "a1", count: 37), username: "li") != nil, "74 ASCII bytes")
    }

    @Test("good passwords pass, Chinese ones included")
    func good() {
        #expect(PasswordPolicy.standard.problem(with: "correct horse 9", username: "li") == nil)
        #expect(PasswordPolicy.standard.problem(with: "长城长城长城长城长城1", username: "li") == nil)
        #expect(
            PasswordPolicy.administrator.problem(with: "tenchars1!", username: "root")?.english == "the password must have at least 12 characters")
    }
}
