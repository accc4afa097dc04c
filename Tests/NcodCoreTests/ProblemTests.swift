import Foundation
import NcodCore
import Testing

@Suite("Problem documents")
struct ProblemTests {
    @Test("a problem encodes to RFC 9457 fields with a stable code")
    func encoding() throws {
        let problem = Problem(status: 409, code: "device_busy", title: "Device In Use", detail: "in use by 张伟")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(problem), as: UTF8.self)
        #expect(
            json
                == #"{"code":"device_busy","detail":"in use by 张伟","status":409,"title":"Device In Use","type":"https://ncod.dev/problems/device-busy"}"#
        )
        #expect(try JSONDecoder().decode(Problem.self, from: Data(json.utf8)) == problem)
    }
}
