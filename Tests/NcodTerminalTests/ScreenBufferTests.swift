import NcodCore
import NcodTerminal
import Testing

/// Text width and the screen grid: Chinese takes two columns, so columns line up.
@Suite("Screen buffer")
struct ScreenBufferTests {
    init() { TextWidth.prepareLocale() }

    @Test("widths come from wcwidth: CJK two columns, combining marks none, ASCII one")
    func widths() {
        #expect(TextWidth.columns("abc") == 3)
        #expect(TextWidth.columns("张伟") == 4)
        #expect(TextWidth.columns("地铁14号线项目部") == 16)
        #expect(TextWidth.columns("e\u{301}") == 1)
        #expect(TextWidth.truncate("上海自动化有限公司", to: 9) == "上海自动…")
        #expect(TextWidth.fit("王芳", to: 6) == "王芳  ")
        #expect(TextWidth.columns(TextWidth.fit("上海自动化有限公司", to: 10)) == 10)
    }

    @Test("Chinese names line up in columns")
    func alignment() {
        var buffer = ScreenBuffer(rows: 3, columns: 30)
        for (row, name) in ["张伟", "Anna Schmidt", "欧阳娜娜"].enumerated() {
            buffer.put(TextWidth.fit(name, to: 14), row: row, column: 0)
            buffer.put("|online", row: row, column: 14)
        }
        #expect(buffer.lines == ["张伟          |online", "Anna Schmidt  |online", "欧阳娜娜      |online"])
        let bars = buffer.lines.map { line in TextWidth.columns(String(line.prefix { $0 != "|" })) }
        #expect(Set(bars) == [14], "the separator is in the same column on every row")
    }

    @Test("a wide character at the edge becomes a space; overwriting half a wide character blanks the other half")
    func edges() {
        var buffer = ScreenBuffer(rows: 1, columns: 5)
        #expect(buffer.put("ab项目", row: 0, column: 0) == 4)
        #expect(buffer.text(row: 0) == "ab项")
        buffer.put("x", row: 0, column: 3)
        #expect(buffer.text(row: 0) == "ab x")
        var clipped = ScreenBuffer(rows: 1, columns: 4)
        clipped.put("abc项", row: 0, column: 0)
        #expect(clipped.text(row: 0) == "abc")
    }

    @Test("runs group cells of one style for the terminal")
    func runs() {
        var buffer = ScreenBuffer(rows: 1, columns: 10)
        buffer.put("ab", row: 0, column: 0, style: .strong)
        buffer.put("cd", row: 0, column: 2)
        let runs = buffer.runs(row: 0)
        #expect(runs.map(\.text) == ["ab", "cd      "])
        #expect(runs.map(\.style) == [.strong, .normal])
    }

    enum Action: Equatable, Sendable { case connect, quit, search }

    @Test("keybindings are data: footer and help come from the same table, in both languages")
    func keymap() {
        let keymap = Keymap<Action>([
            KeyBinding([.enter], Message("connect", zh: "连接"), .connect),
            KeyBinding([.character("/")], Message("search", zh: "搜索"), .search),
            KeyBinding([.character("q"), .control("c")], Message("quit", zh: "退出"), .quit, destructive: true),
        ])
        #expect(keymap.action(for: .control("c")) == .quit)
        #expect(keymap.action(for: .character("x")) == nil)
        #expect(keymap.footer(.english, width: 80) == "Enter connect  / search  q quit")
        #expect(keymap.footer(.simplifiedChinese, width: 80) == "Enter 连接  / 搜索  q 退出")
        #expect(keymap.footer(.english, width: 20) == "Enter connect")
        #expect(keymap.helpLines(.english) == ["Enter     connect", "/         search", "q Ctrl-C  quit (!)"])
    }
}

/// Keys sent as raw escape sequences are decoded whole, never as Escape followed by characters.
@Suite("escape sequences")
struct EscapeSequenceTests {
    @Test("CSI and SS3 keys: arrows, Home/End in every common form, paging, delete, function keys; the rest means nothing")
    func decode() {
        let cases: [(String, Key?)] = [
            ("[A", .up), ("OB", .down), ("[1;5C", .right), ("[D", .left), ("[H", .home), ("OH", .home), ("[1~", .home), ("[7~", .home),
            ("[F", .end), ("OF", .end), ("[4~", .end), ("[8~", .end), ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown), ("[Z", .backTab),
            ("OP", .function(1)), ("OS", .function(4)), ("[15~", .function(5)), ("[17~", .function(6)), ("[24~", .function(12)), ("[2~", nil),
            ("[200~", nil), ("x", nil), ("[", nil),
        ]
        for (body, key) in cases { #expect(EscapeSequence.key(body) == key, "ESC \(body)") }
        #expect(
            EscapeSequence.isFinal("4", after: "[") == false && EscapeSequence.isFinal("~", after: "[4") && EscapeSequence.isFinal("F", after: "O"))
    }

    @Test("a status message wider than the screen wraps onto the rows above instead of being cut, in either language")
    func statusWraps() {
        TextWidth.prepareLocale()
        for text in [
            "This computer (3c:22:fb:00:00:01, 3c:22:fb:00:00:02) waits for an administrator's approval; it has been asked, and this screen moves on",
            "本机（3c:22:fb:00:00:01, 3c:22:fb:00:00:02）正在等待管理员审批；已发出申请，批准后本屏幕会自动继续，无需任何操作。",
        ] {
            var buffer = ScreenBuffer(rows: 24, columns: 80)
            buffer.put("the list's last row", row: 21, column: 0)
            StatusLine(text, isError: true).draw(on: &buffer, row: 22)
            let rows = (20...22).map { buffer.text(row: $0) }
            let shown = rows.joined().filter { !$0.isWhitespace }
            #expect(shown.contains(text.filter { !$0.isWhitespace }), "\(rows)")
            #expect(rows[2].trimmingCharacters(in: .whitespaces).isEmpty == false && rows.allSatisfy { TextWidth.columns($0) <= 80 })
        }
        var short = ScreenBuffer(rows: 24, columns: 80)
        short.put("kept", row: 21, column: 0)
        StatusLine("Connected.").draw(on: &short, row: 22)
        #expect(short.text(row: 21).hasPrefix("kept") && short.text(row: 22).contains("✓ Connected."), "a short message keeps one row")
    }
}
