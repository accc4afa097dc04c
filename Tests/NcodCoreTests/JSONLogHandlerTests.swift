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
}
