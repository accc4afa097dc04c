import Foundation
import NcodTestSupport
import Testing

/// Rules the test sources keep so that their checks check what they say.
///
/// Swift 6.3.1 miscompiles an awaited call given a closure literal inside `#expect(…)` or `#require(…)` when it stands in a
/// closure body (a `with { site in … }` helper, `HeavyTests.exclusive { … }`): the next awaited call in that body that is given
/// a closure of its own runs the macro's closure instead. A wait for "the plugged device is listed" then asked "are six devices
/// listed" and passed at once (docs/DECISIONS.md, 2026-11-29). The awaited value goes into a `let` first; the macro checks that.
/// The rule is kept simple: no expectation both awaits and holds a closure literal (a closure on an awaited result, which the
/// bug spares, is kept out too), and `#expect(throws:) { … }`, whose closure is outside the parentheses, is not concerned.
@Suite("Test sources")
struct TestSourceRulesTests {
    /// One `#expect(…)` or `#require(…)` whose argument both awaits and holds a closure literal.
    struct Finding: Equatable, CustomStringConvertible {
        /// The file, relative to the package root.
        var file: String
        /// Its 1-based line.
        var line: Int
        var description: String { "\(file):\(line)" }
    }

    /// The expectation macros in `source` whose argument awaits and holds a closure literal (text inside string literals aside).
    static func awaitedClosures(in source: String, file: String) -> [Finding] {
        let text = Array(source.utf8)
        var findings: [Finding] = []
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "\"") {
                index = skipString(text, from: index)
                continue
            }
            if text[index] == UInt8(ascii: "/"), index + 1 < text.count, text[index + 1] == UInt8(ascii: "/") {
                while index < text.count, text[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            guard let open = macroOpening(text, at: index) else {
                index += 1
                continue
            }
            let (argument, end) = balancedArgument(text, from: open)
            let code = String(decoding: argument, as: UTF8.self)
            if code.contains("await"), code.contains("{") {
                findings.append(Finding(file: file, line: text[..<index].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }))
            }
            index = end
        }
        return findings
    }

    /// The index just after `#expect(` or `#require(` starting at `index`, if one does.
    private static func macroOpening(_ text: [UInt8], at index: Int) -> Int? {
        for name in ["#expect(", "#require("] {
            let bytes = Array(name.utf8)
            if index + bytes.count <= text.count, Array(text[index..<index + bytes.count]) == bytes { return index + bytes.count }
        }
        return nil
    }

    /// The code of the argument opened just before `start` (string literals left out), and the index after its closing parenthesis.
    private static func balancedArgument(_ text: [UInt8], from start: Int) -> ([UInt8], Int) {
        var depth = 1
        var code: [UInt8] = []
        var index = start
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") {
                index = skipString(text, from: index)
                continue
            }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return (code, index + 1) }
            }
            code.append(byte)
            index += 1
        }
        return (code, index)
    }

    /// The index after the string literal (plain or multi-line) opening at `start`, interpolations included.
    private static func skipString(_ text: [UInt8], from start: Int) -> Int {
        let quote = UInt8(ascii: "\"")
        let multiLine = start + 2 < text.count && text[start + 1] == quote && text[start + 2] == quote
        var index = start + (multiLine ? 3 : 1)
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\\") {
                if index + 1 < text.count, text[index + 1] == UInt8(ascii: "(") {
                    // An interpolation: code up to its closing parenthesis, strings within it skipped.
                    index = balancedArgument(text, from: index + 2).1
                } else {
                    index += 2
                }
                continue
            }
            if byte == quote {
                if !multiLine { return index + 1 }
                if index + 2 < text.count, text[index + 1] == quote, text[index + 2] == quote { return index + 3 }
            }
            if byte == UInt8(ascii: "\n"), !multiLine { return index }
            index += 1
        }
        return index
    }

    @Test("the scanner tells an awaited call given a closure inside an expectation from one whose value was taken first")
    func scannerFindsThePattern() {
        let flagged = """
            #expect(try await site.waitUntil(.seconds(5)) { try await site.devices().count == 6 } != nil, "arrived")
            let seen = try #require(
                try await site.list().first { $0.name == "a" })
            """
        #expect(Self.awaitedClosures(in: flagged, file: "a.swift") == [Finding(file: "a.swift", line: 1), Finding(file: "a.swift", line: 2)])
        let clean = """
            let arrived = try await site.waitUntil(.seconds(5)) { try await site.devices().count == 6 }
            #expect(arrived != nil, "arrived: \\(lines.map { "{ \\($0) }" }) after await")
            #expect(try await site.count() == 6)
            #expect(list.contains { $0 == "await" })
            // #expect(try await f { true })
            """
        #expect(Self.awaitedClosures(in: clean, file: "b.swift").isEmpty)
    }

    @Test("no expectation in the tests awaits a call given a closure: the value is taken first (a Swift 6.3.1 miscompile)")
    func noAwaitedClosuresInExpectations() throws {
        let root = RepositoryPaths.root
        let files = try #require(FileManager.default.enumerator(atPath: root + "/Tests")).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count > 50, "the test sources were found")
        var findings: [Finding] = []
        for file in files where !file.hasSuffix("TestSourceRulesTests.swift") {
            let source = try String(contentsOfFile: root + "/Tests/" + file, encoding: .utf8)
            findings += Self.awaitedClosures(in: source, file: "Tests/" + file)
        }
        #expect(findings.isEmpty, "take the awaited value into a let first: \(findings)")
    }
}
