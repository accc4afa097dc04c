import Logging
import NcodCore
import Synchronization
import Testing

/// Credentials never reach a log line, whatever library wrote it.
@Suite("Log redaction")
struct RedactionTests {
    @Test("bearer, slave and basic credentials, session cookies and secret JSON fields become ***; the rest stays")
    func scrub() {
        let head =
            #"head: HTTPRequestHead { method: GET, uri: "/metrics", headers: Authorization: Bearer aeSq0c.d-_~+/=; Cookie: ncod_session=eyJ.x.y; ncod_csrf=abc }"#
        #expect(
            RedactingLogHandler.scrub(head)
                == #"head: HTTPRequestHead { method: GET, uri: "/metrics", headers: Authorization: Bearer ***; Cookie: ncod_session=***; ncod_csrf=*** }"#
        )
        #expect(RedactingLogHandler.scrub("Authorization: Slave 1F2E.s3cr3t, Accept: */*") == "Authorization: Slave ***, Accept: */*")
        #expect(
            RedactingLogHandler.scrub(#"{"username":"alice","password":"长城 \"quoted\" 1","refreshToken":"R-1","client":"terminal"}"#)
                == #"{"username":"alice","password":"***","refreshToken":"***","client":"terminal"}"#)
        #expect(RedactingLogHandler.scrub("GET /api/v1/devices 200") == "GET /api/v1/devices 200")
    }

    @Test("the handler scrubs messages and metadata before the inner handler sees them")
    func handler() {
        let recorder = Recorder()
        var logger = Logger(label: "t") { _ in RedactingLogHandler(recorder) }
        logger.logLevel = .trace
        logger.trace("Decoded HTTP part: Authorization: Bearer abc.def", metadata: ["header": "Bearer xyz", "list": ["Slave q.w"]])
        #expect(recorder.store.value.withLock { $0 } == [#"Decoded HTTP part: Authorization: Bearer *** header=Bearer *** list=["Slave ***"]"#])
    }
}

/// Where the recorder keeps lines.
private final class Lines: Sendable {
    let value = Mutex<[String]>([])
}

/// Keeps what it is given.
private struct Recorder: LogHandler {
    let store = Lines()
    var logLevel = Logger.Level.trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.value.withLock { $0.append("\(event.message) \(fields)") }
    }
}
