import NcodCore
import Testing

/// What the master keeps of free text a slave or a person sends.
@Suite("Text hygiene")
struct TextHygieneTests {
    @Test("printable text is kept as it is; control, zero-width and direction characters go, ASCII ones included")
    func stripped() {
        #expect(TextHygiene.stripped("CodeMeter-Stick 3-1234567 (WIBU) ~!") == "CodeMeter-Stick 3-1234567 (WIBU) ~!")
        #expect(TextHygiene.stripped("加密狗 Ünïcode") == "加密狗 Ünïcode")
        #expect(TextHygiene.stripped("\tA\u{7F}B\u{07}C\n") == "ABC", "tab, DEL, BEL and newline are control characters")
        #expect(TextHygiene.stripped("ad\u{200B}min\u{202E}gpj.exe") == "admingpj.exe", "zero-width space and a direction override")
        #expect(TextHygiene.isUnclean("a\u{00}b") && !TextHygiene.isUnclean("plain text"))
    }
}
