import Foundation
import NcodCore
import Testing

/// Descriptions of devices for pools: what they read, what they match, and that their canonical text reads back the same.
@Suite("Device descriptions")
struct DeviceMatchTests {
    static func device(vendor: UInt16 = 0x0483, product: UInt16 = 0x3748, name: String? = "ST-LINK/V2", tags: [String] = []) -> Device {
        Device(
            id: UUID(), slaveID: UUID(), vhAddress: "box1.11", vendorID: vendor, productID: product, manufacturer: "STMicroelectronics",
            product: name, serial: nil, portPath: "1-1", nickname: nil, present: true, firstSeen: Date(), lastSeen: Date(), tags: tags)
    }

    @Test("VID:PID, tag and product words each match what they say, and nothing else")
    func matching() throws {
        let stlink = Self.device(tags: ["st-link"])
        let jlink = Self.device(vendor: 0x1366, product: 0x0105, name: "J-Link", tags: ["swd"])
        #expect(try DeviceMatch(parsing: "0483:3748").matches(stlink) && !(try DeviceMatch(parsing: "0483:3748").matches(jlink)))
        #expect(try DeviceMatch(parsing: "TAG:ST-Link").matches(stlink) && !(try DeviceMatch(parsing: "tag:st-link").matches(jlink)))
        #expect(try DeviceMatch(parsing: "j-link").matches(jlink) && !(try DeviceMatch(parsing: "product:j-link").matches(stlink)))
        #expect(try DeviceMatch(parsing: "stmicro").matches(stlink), "the manufacturer counts too")
    }

    @Test("the canonical text reads back to the same description, up to the longest words")
    func roundTrip() throws {
        for text in ["0483:3748", "tag:ST-Link", "product:J-Link", "J-Link", String(repeating: "0", count: DeviceMatch.maxLength)] {
            let match = try DeviceMatch(parsing: text)
            #expect(try DeviceMatch(parsing: match.description) == match, "\(text)")
            let decoded = try JSONDecoder().decode(DeviceMatch.self, from: try JSONEncoder().encode(match))
            #expect(decoded == match)
        }
        #expect(try DeviceMatch(parsing: "tag:ST-Link").description == "tag:st-link")
    }

    @Test("bad descriptions are refused with a line that says what a description is")
    func refusals() {
        for text in ["", "   ", "tag:", "tag:two words", "product:", String(repeating: "x", count: DeviceMatch.maxLength + 1), "a\u{202E}b"] {
            #expect(throws: DeviceMatch.Invalid.self, "\(text)") { try DeviceMatch(parsing: text) }
        }
    }
}
