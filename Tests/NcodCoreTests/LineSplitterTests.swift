import NcodCore
import Testing

/// The slave link's line cutting: lines split across chunks, CRLF, empty lines, and a line too long.
@Suite("Line splitter")
struct LineSplitterTests {
    @Test("lines come out whole, in order, however the bytes are cut")
    func wholeLines() {
        let text = Array("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}\n".utf8)
        for cut in 0...text.count {
            var splitter = LineSplitter(maxLength: 64)
            let lines = splitter.feed(Array(text[..<cut])) + splitter.feed(Array(text[cut...]))
            #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], "cut at \(cut)")
        }
        var splitter = LineSplitter(maxLength: 64)
        #expect(splitter.feed(Array("no newline yet".utf8)).isEmpty)
        #expect(splitter.feed(Array(" …\n".utf8)).map { String(decoding: $0, as: UTF8.self) } == ["no newline yet …"])
    }

    @Test("a line longer than the limit stops the splitter, whether or not its newline has come")
    func overflow() {
        var splitter = LineSplitter(maxLength: 8)
        #expect(splitter.feed(Array("12345678\n".utf8)).count == 1)
        #expect(!splitter.overflowed)
        #expect(splitter.feed(Array("123456789\nok\n".utf8)).isEmpty)
        #expect(splitter.overflowed)
        #expect(splitter.feed(Array("ok\n".utf8)).isEmpty, "nothing more is taken")
        var unfinished = LineSplitter(maxLength: 8)
        #expect(unfinished.feed(Array("1234".utf8)).isEmpty && unfinished.feed(Array("56789".utf8)).isEmpty)
        #expect(unfinished.overflowed, "a line still without its newline is cut off once it is too long")
    }
}
