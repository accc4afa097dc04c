import Foundation
import NcodTerminal
import NcodTestSupport
import Testing

/// Golden screens: a rendered buffer compared, as text, with `Snapshots/<name>.screen`; `RECORD_SNAPSHOTS=1` re-records them.
enum Snapshot {
    /// Compares `buffer` with the golden screen `name` (records it when missing or asked to).
    static func check(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = buffer.lines.joined(separator: "\n") + "\n"
        let path = RepositoryPaths.root + "/Tests/NcodTerminalTests/Snapshots/\(name).screen"
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        guard !record, let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).screen; check it and run again", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "screen \(name) differs; RECORD_SNAPSHOTS=1 re-records", sourceLocation: sourceLocation)
    }
}
