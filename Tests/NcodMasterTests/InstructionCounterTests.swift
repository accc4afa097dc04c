import Foundation
import NcodTestSupport
import Testing

/// The counting plugin of `scripts/bench/instructions` (`scripts/bench/qemu-insn.c`), built and run as the script does: it counts
/// a program's instructions under qemu-user, and the same work counts the same.
@Suite("Instruction counter")
struct InstructionCounterTests {
    @Test("the qemu-user plugin builds, counts the instructions of ncod-master --help, and counts the same twice")
    func counts() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-insn-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let source = RepositoryPaths.root + "/scripts/bench/qemu-insn.c"
        let build = ProcessRunner.run("/usr/bin/env", ["cc", "-O2", "-fPIC", "-shared", "-o", work + "/qemu-insn.so", source, "-lpthread"])
        try #require(build.status == 0, "the plugin builds: \(build.stderr)")
        func count(_ name: String) throws -> UInt64 {
            let out = work + "/" + name
            let run = ProcessRunner.run(
                "/usr/bin/env",
                ["qemu-x86_64", "-cpu", "max", "-plugin", work + "/qemu-insn.so,out=" + out, RepositoryPaths.executable("ncod-master"), "--help"])
            try #require(run.status == 0, "ncod-master --help under qemu-user: \(run.stderr)")
            #expect(run.stdout.contains("ncod-master"), "the program ran as itself")
            let text = try String(contentsOfFile: out, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return try #require(UInt64(text), "a count in the file: '\(text)'")
        }
        let first = try count("first")
        let second = try count("second")
        #expect(first > 1_000_000, "a Swift program's start alone runs millions of instructions: \(first)")
        let spread = Double(max(first, second) - min(first, second)) / Double(first)
        #expect(spread < 0.02, "the same work counts the same within 2 %: \(first) and \(second)")
    }
}
