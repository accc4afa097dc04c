import Foundation
import NcodCore
import Testing

/// NcodCore's text helpers write what Foundation's formatting wrote before them.
@Suite("Plain text without Foundation's internationalisation")
struct PlainTextTests {
    @Test("hours with two decimals rounded half up from whole seconds; hex as %02x and %04x; the folder of a path as NSString gave it")
    func sameAsFoundation() {
        var generator = SplitMix(seed: 7)
        for _ in 0..<5_000 {
            let seconds = Int.random(in: 0...10_000_000, using: &generator)
            let text = PlainText.decimal(seconds, over: 3600, places: 2)
            #expect(text.split(separator: ".").last?.count == 2)
            // Within half a hundredth of the exact hours, and where the exact value is no tie, what %.2f writes.
            #expect(abs(Double(text)! * 3600 - Double(seconds)) <= 18.000_001, "\(seconds) s → \(text)")
            if (seconds * 100) % 3600 != 1800 { #expect(text == String(format: "%.2f", Double(seconds) / 3600), "\(seconds) s") }
        }
        #expect(PlainText.decimal(0, over: 3600, places: 2) == "0.00")
        #expect(PlainText.decimal(18, over: 3600, places: 2) == "0.01")  // 0.005 h: half up
        #expect(PlainText.decimal(17, over: 3600, places: 2) == "0.00")
        #expect(PlainText.decimal(5_400, over: 3600, places: 2) == "1.50")
        #expect(PlainText.decimal(3_599, over: 3600, places: 2) == "1.00")
        #expect(PlainText.decimal(7, over: 2, places: 0) == "4")
        let bytes: [UInt8] = [0, 1, 0x0f, 0x10, 0xab, 0xff]
        #expect(PlainText.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(PlainText.hex(bytes, uppercase: true, separator: ":") == bytes.map { String(format: "%02X", $0) }.joined(separator: ":"))
        for value: UInt16 in [0, 0x1d6b, 0x483, 0xffff] { #expect(PlainText.hex(value, width: 4) == String(format: "%04x", value)) }
        // (Foundation itself crashes on a one-letter path such as "a", which PlainText answers with "".)
        #expect(PlainText.folder(of: "a") == "")
        for path in ["/etc/ncod/tui.conf", "tui.conf", "/x", "/", "a/b/", "/a//b", "~/.config/ncod/tui.conf", ""] {
            #expect(PlainText.folder(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
    }

    @Test("letters, marks and numbers of every script count as alphanumeric, as CharacterSet.alphanumerics says")
    func alphanumerics() {
        for value in UInt32(0)...0xFFFF {
            // Foundation's tables are of an older Unicode than Swift's: characters assigned since are letters to Swift only.
            guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age, age.major < 11 else { continue }
            #expect(PlainText.isAlphanumeric(scalar) == CharacterSet.alphanumerics.contains(scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test("trimming spaces keeps line breaks; trimming white space removes both")
    func trimming() {
        #expect(" \t zhang wei\u{3000} ".trimmingSpaces() == "zhang wei")
        #expect("\n x \n".trimmingSpaces() == "\n x \n")
        #expect("\n x \r\n".trimmingWhitespace() == "x")
        #expect("   ".trimmingWhitespace() == "")
        #expect(" \t a b\u{3000}".trimmingSpaces() == " \t a b\u{3000}".trimmingCharacters(in: .whitespaces))
    }
}
