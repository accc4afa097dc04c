import Foundation
import Logging
import NcodCore
import Synchronization
import Testing

@Suite("JSON logs")
struct JSONLogHandlerTests {
    @Test("each event is one JSON object with level, logger, message and metadata")
    func oneObjectPerLine() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "ncod.test") { line in lines.withLock { $0.append(line) } }
        handler.metadata["instance"] = "a"
        let logger = Logger(label: "ncod.test", factory: { _ in handler })
        logger.info("设备已连接\nsecond line", metadata: ["device": "box1.114"])
        logger.debug("below the level")

        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(!line.contains("\n"))
        let object = try JSONDecoder().decode([String: String].self, from: Data(line.utf8))
        #expect(object["level"] == "info")
        #expect(object["logger"] == "ncod.test")
        #expect(object["msg"] == "设备已连接\nsecond line")
        #expect(object["device"] == "box1.114")
        #expect(object["instance"] == "a")
        #expect(object["ts"]?.hasSuffix("Z") == true)
    }

    @Test("to the journal, every line starts with its syslog priority, so journalctl -p err finds the errors; never elsewhere")
    func journalPriorities() throws {
        let lines = Mutex<[String]>([])
        let json = JSONLogHandler(label: "ncod.test", journal: true) { line in lines.withLock { $0.append(line) } }
        let text = TextLogHandler(label: "ncod.test", journal: true) { line in lines.withLock { $0.append(line) } }
        for handler in [json as any LogHandler, text] {
            var handler = handler
            handler.logLevel = .trace
            let logger = Logger(label: "ncod.test", factory: { _ in handler })
            logger.error("database unreachable", metadata: ["host": "db"])
            logger.info("listening")
        }
        let written = lines.withLock { $0 }
        #expect(written.map { String($0.prefix(3)) } == ["<3>", "<6>", "<3>", "<6>"])
        #expect(written[2].hasSuffix(" error ncod.test : host=db database unreachable"), "\(written[2])")
        let plain = Mutex<[String]>([])
        let logger = Logger(
            label: "ncod.test", factory: { _ in TextLogHandler(label: "ncod.test", journal: false) { line in plain.withLock { $0.append(line) } } })
        logger.warning("careful")
        #expect(plain.withLock { $0.first?.first?.isNumber } == true, "no priority outside the journal")

        // Only when standard error is the very stream JOURNAL_STREAM names.
        var info = stat()
        try #require(fstat(2, &info) == 0)
        #expect(JournalPriority.standardErrorIsJournal("\(info.st_dev):\(info.st_ino)"))
        #expect(!JournalPriority.standardErrorIsJournal("\(info.st_dev):\(info.st_ino + 1)"))
        #expect(!JournalPriority.standardErrorIsJournal(nil) && !JournalPriority.standardErrorIsJournal("nonsense"))
    }
}
