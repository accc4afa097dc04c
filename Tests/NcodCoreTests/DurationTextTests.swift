import Foundation
import NcodCore
import Testing

/// Durations and ends as people type them: `--max-hold`, the keep question on quit, `ncod take --for`.
@Suite("Typed durations and ends")
struct DurationTextTests {
    @Test("durations: seconds, units, combinations; anything else is refused")
    func durations() {
        #expect(DurationText.seconds("90") == 90)
        #expect(DurationText.seconds("45s") == 45 && DurationText.seconds("30m") == 1_800 && DurationText.seconds("2h") == 7_200)
        #expect(DurationText.seconds("1h30m") == 5_400 && DurationText.seconds(" 1D ") == 86_400)
        for bad in ["", "0", "-5", "soon", "2x", "h", "1h30", "99999999999999999999d"] { #expect(DurationText.seconds(bad) == nil, "\(bad)") }
        #expect(DurationText.text(5_400) == "1h30m" && DurationText.text(600) == "10m" && DurationText.text(90_061) == "1d1h1m1s")
    }

    @Test("ends: a duration from now, or a clock time today (tomorrow once it has passed) in the user's time zone")
    func ends() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)  // 16:00 in Shanghai
        #expect(DurationText.end("2h", from: now, timeZone: shanghai) == now.addingTimeInterval(7_200))
        #expect(DurationText.end("18:00", from: now, timeZone: shanghai) == now.addingTimeInterval(7_200))
        #expect(DurationText.end("09:30", from: now, timeZone: shanghai) == now.addingTimeInterval(17.5 * 3_600), "tomorrow morning")
        for bad in ["25:00", "18:0", "18:60", "noon"] { #expect(DurationText.end(bad, from: now, timeZone: shanghai) == nil, "\(bad)") }
    }
}
