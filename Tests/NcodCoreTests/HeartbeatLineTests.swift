import Foundation
import NcodCore
import Testing

/// The master's fast reading of a heartbeat line agrees with `JSONDecoder` wherever it answers, and steps aside otherwise.
@Suite("Heartbeat lines")
struct HeartbeatLineTests {
    private let session = UUID(uuidString: "6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C")!

    @Test("a line as the daemon writes it is read, whatever the order and spacing of its keys")
    func daemonLines() throws {
        let written = try NcodJSON.encoder().encode(SlaveHeartbeat(session: session, sequence: 41, sentAt: Date()))
        let fast = try #require(HeartbeatLine.parse(Array(written)))
        #expect(fast.session == session && fast.sequence == 41)
        let reordered =
            " { \"sequence\" : 7 ,\t\"sentAt\":\"2026-11-28T10:00:00Z\", \"extra\": null, \"ok\": true, \"n\": -1.5e3,"
            + " \"session\":\"\(session.uuidString.lowercased())\" } "
        let read = try #require(HeartbeatLine.parse(Array(reordered.utf8)))
        #expect(read.session == session && read.sequence == 7)
    }

    @Test(
        "anything the fast reading does not cover gives nil, never a wrong value",
        arguments: [
            "", "{}", "[]", "{\"session\":\"x\",\"sequence\":1}", "{\"sequence\":1}", "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\"}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1.5}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1e3}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":01}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":99999999999999999999}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1,\"sequence\":2}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1,\"more\":{\"a\":1}}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1,\"s\":\"a\\\"b\"}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1} trailing",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1,}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\" \"sequence\":1}",
            "{\"session\":\"6F1C2A34-9B1D-4E3A-8C77-0D1E2F3A4B5C\",\"sequence\":1",
        ])
    func declines(_ line: String) {
        #expect(HeartbeatLine.parse(Array(line.utf8)) == nil)
    }

    @Test("the daemon's line is byte for byte what NcodJSON's encoder writes, for dates across the calendar")
    func encodesAsTheEncoder() throws {
        let dates =
            [0, 1, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_709_164_800.75, 1_798_761_599.999, 1_800_000_000.5, 4_102_444_800]
            .map { Date(timeIntervalSince1970: $0) } + [Date()]
        for date in dates {
            for sequence in [0, 7, 1_234_567] {
                let heartbeat = SlaveHeartbeat(session: session, sequence: sequence, sentAt: date)
                var expected = Array(try NcodJSON.encoder().encode(heartbeat))
                expected.append(UInt8(ascii: "\n"))
                #expect(HeartbeatLine.encode(heartbeat) == expected, "at \(date.timeIntervalSince1970)")
            }
        }
    }

    @Test("where both answer, the fast reading and JSONDecoder agree")
    func agreesWithDecoder() throws {
        struct Beat: Decodable, Equatable {
            let session: UUID
            let sequence: Int
        }
        for sequence in [0, 1, 9, 10, 123_456_789, Int.max, -3] {
            let line = "{\"sentAt\":\"2026-11-28T10:00:00.123Z\",\"sequence\":\(sequence),\"session\":\"\(session.uuidString)\"}"
            let fast = try #require(HeartbeatLine.parse(Array(line.utf8)))
            let slow = try JSONDecoder().decode(Beat.self, from: Data(line.utf8))
            #expect(Beat(session: fast.session, sequence: fast.sequence) == slow)
        }
    }
}
