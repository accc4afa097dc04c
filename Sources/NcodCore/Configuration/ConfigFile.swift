#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A configuration file of `key = value` lines (keys are the long flag names, `#` starts a comment).
///
/// ```
/// # /etc/ncod/master.conf
/// database-url = postgres://ncod@db.internal/ncod
/// port = 8443
/// ```
public struct ConfigFile: Sendable, Equatable {
    /// The values by key.
    public var values: [String: String]
    /// Where it was read from, for messages.
    public var path: String?
    /// The line each key was set on (the last, when set twice), for messages.
    public var lines: [String: Int]

    /// An empty file.
    public init(values: [String: String] = [:], path: String? = nil, lines: [String: Int] = [:]) {
        self.values = values
        self.path = path
        self.lines = lines
    }

    /// Why a configuration file could not be used.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// One-line explanation with file and line.
        public var description: String

        /// Creates an error with its explanation.
        public init(description: String) { self.description = description }
    }

    /// Parses file text; a line that is neither blank, a comment nor `key = value` is an error.
    public init(text: String, path: String? = nil) throws {
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(description: "\(path ?? "config"):\(number + 1): expected 'key = value', found '\(line)'")
            }
            let key = String(line[..<equals]).trimmingWhitespace()
            var value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            guard !key.isEmpty else { throw ParseError(description: "\(path ?? "config"):\(number + 1): missing key before '='") }
            values[key] = value
            lines[key] = number + 1
        }
        self.init(values: values, path: path, lines: lines)
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws -> ConfigFile {
        // read(2) rather than Data(contentsOf:), which refuses character devices such as /dev/null.
        guard let bytes = FileBytes.contents(of: path) else { throw ParseError(description: "cannot read configuration file \(path)") }
        return try ConfigFile(text: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Writes `key = value` lines, sorted by key, to `path`, creating its folder (the terminal programs remember their settings so).
    public func save(to path: String) throws {
        try FileManager.default.createDirectory(atPath: PlainText.folder(of: path), withIntermediateDirectories: true)
        let text = values.keys.sorted().map { "\($0) = \(values[$0] ?? "")" }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// `path` made absolute against the current folder, so a remembered file still works from elsewhere.
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") || path.hasPrefix("~") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
