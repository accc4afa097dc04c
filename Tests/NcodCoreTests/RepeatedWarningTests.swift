import Foundation
import Logging
import NcodCore
import Testing

/// A warning that repeats is written once a minute, with how many times it came meanwhile.
@Suite("Repeated warnings")
struct RepeatedWarningTests {
    @Test("13 failures in 3 s make one line; the next minute's first line counts the 12 held back")
    func onceAMinute() {
        let box = Box()
        let logger = Logger(label: "test") { _ in CapturingHandler(box: box) }
        let warnings = RepeatedWarning(clock: { box.now })
        for step in 0..<13 {
            box.now = Date(timeIntervalSince1970: Double(step) * 0.25)
            warnings.warning(logger, "collector failed", key: "libusb")
        }
        #expect(box.lines == ["collector failed"])
        // Another kind is not held back by the first.
        warnings.warning(logger, "master unreachable; retrying")
        box.now = Date(timeIntervalSince1970: 61)
        warnings.warning(logger, "collector failed", key: "libusb")
        #expect(box.lines == ["collector failed", "master unreachable; retrying", "collector failed (12 more in the last 60 s)"])
    }
}

/// The test's clock and the lines logged.
private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var storedNow = Date(timeIntervalSince1970: 0)
    private var storedLines: [String] = []

    var now: Date {
        get { lock.withLock { storedNow } }
        set { lock.withLock { storedNow = newValue } }
    }

    var lines: [String] { lock.withLock { storedLines } }

    func append(_ line: String) { lock.withLock { storedLines.append(line) } }
}

/// Keeps each logged message.
private struct CapturingHandler: LogHandler {
    let box: Box
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) { box.append("\(event.message)") }
}
