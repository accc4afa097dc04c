#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Every setting of one program, and what reads them: the help text, the flags taken off the command line, and the layering
/// (flag, then `NCOD_*` variable, then config file, then default) with each value checked where it came from.
///
/// ```swift
/// let (flags, rest) = MasterSettings.catalog.takeFlags(from: arguments)
/// let settings = try MasterSettings.catalog.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
/// let port = settings.number(MasterSettings.port)
/// ```
public struct SettingsCatalog: Sendable {
    /// The program's name, for messages.
    public let program: String
    /// The config file read when neither `--config` nor `NCOD_CONFIG` names one (and it exists).
    public let defaultConfigFile: String
    /// The settings, in the order help lists them.
    public let settings: [Setting]

    /// Declares a catalog.
    public init(program: String, defaultConfigFile: String, settings: [Setting]) {
        self.program = program
        self.defaultConfigFile = defaultConfigFile
        self.settings = settings
    }

    /// The setting with this key.
    public func setting(_ key: String) -> Setting? { settings.first { $0.key == key } }

    /// The flag that names the config file itself (not a setting a file may hold).
    public static let configKey = "config"

    /// Why settings could not be used: one line naming where the bad value came from.
    public struct Invalid: Error, CustomStringConvertible, Equatable, Sendable {
        /// "/etc/ncod/master.conf:3: 'database_url' is not a setting; did you mean 'database-url'?"
        public var description: String

        /// Creates the message.
        public init(_ description: String) { self.description = description }
    }

    /// Takes this catalog's flags (`--key value`, `--key=value`, and `--config`) off a command line, wherever they stand, and
    /// returns them with the arguments left for the subcommand parser. A flag without its value is left for the parser to refuse.
    public func takeFlags(from arguments: [String]) -> (flags: [String: String], rest: [String]) {
        var flags: [String: String] = [:]
        var rest: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                rest.append(contentsOf: arguments[index...])
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let (key, inline) =
                    body.firstIndex(of: "=").map { (String(body[..<$0]), Optional(String(body[body.index(after: $0)...]))) }
                    ?? (String(body), nil)
                if key == Self.configKey || setting(key) != nil {
                    if let inline {
                        flags[key] = inline
                        index += 1
                        continue
                    }
                    if index + 1 < arguments.endIndex, !arguments[index + 1].hasPrefix("--") {
                        flags[key] = arguments[index + 1]
                        index += 2
                        continue
                    }
                }
            }
            rest.append(argument)
            index += 1
        }
        return (flags, rest)
    }

    /// Resolves every setting: flag, then variable, then the config file (`--config`, `NCOD_CONFIG`, or ``defaultConfigFile`` when
    /// it exists), then the default. Refuses a value that does not fit its setting, a key the file has that is no setting, and an
    /// `NCOD_*` variable no ncod program knows (``NcodEnvironment``), each with the nearest known name.
    public func resolve(flags: [String: String], environment: [String: String]) throws -> ResolvedSettings {
        try NcodEnvironment.check(environment)
        let explicit = flags[Self.configKey] ?? environment["NCOD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? defaultConfigFile
        var file = ConfigFile()
        if explicit != nil || FileManager.default.fileExists(atPath: path) {
            do { file = try ConfigFile.load(path: path) } catch let error as ConfigFile.ParseError { throw Invalid(error.description) }
        }
        return try resolve(flags: flags, environment: environment, file: file)
    }

    /// Resolves over an already read config file.
    public func resolve(flags: [String: String], environment: [String: String], file: ConfigFile) throws -> ResolvedSettings {
        let where_ = file.path ?? "config"
        for key in file.values.keys.sorted(by: { (file.lines[$0] ?? 0) < (file.lines[$1] ?? 0) }) where setting(key) == nil {
            let line = file.lines[key].map { ":\($0)" } ?? ""
            throw Invalid("\(where_)\(line): '\(key)' is not a setting of \(program)\(suggestion(for: key))")
        }
        var values: [String: ResolvedSettings.Value] = [:]
        for setting in settings {
            let found: (text: String, source: ResolvedSettings.Source)?
            if let flag = flags[setting.key] {
                found = (flag, .flag)
            } else if let variable = environment[setting.environmentName], !variable.isEmpty {
                found = (variable, .environment)
            } else if let text = file.values[setting.key] {
                found = (text, .file(path: where_, line: file.lines[setting.key] ?? 0))
            } else {
                found = setting.defaultValue.map { ($0, .default) }
            }
            guard let found else { continue }
            switch setting.check(found.text) {
            case .accepted(let number):
                values[setting.key] = .init(text: found.text, number: number, source: found.source)
            case .refused(let rule):
                throw Invalid("\(found.source.naming(setting)) \(rule), got '\(found.text)'")
            }
        }
        return ResolvedSettings(values: values, configFile: file.path)
    }

    /// "; did you mean 'database-url'?" for a near miss, else the list of keys.
    func suggestion(for key: String) -> String {
        let wanted = key.lowercased().replacing("_", with: "-")
        let scored = settings.map { ($0.key, SettingsCatalog.distance(wanted, $0.key)) }.min { $0.1 < $1.1 }
        if let (best, distance) = scored, distance <= max(2, best.count / 3) { return "; did you mean '\(best)'?" }
        return "; the settings are: " + settings.map(\.key).joined(separator: ", ")
    }

    /// Edit distance between two keys (insertions, deletions, substitutions).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// The settings section of `--help` (and so of the man page): each flag, its variable and key, its meaning and default.
    public var helpText: String {
        var lines = ["SETTINGS:"]
        lines += Self.wrap(
            "Each is a flag, an NCOD_* environment variable and a key in the config file (--config, NCOD_CONFIG, default "
                + "\(defaultConfigFile)): a flag wins over a variable, a variable over the file, the file over the default. A key or "
                + "NCOD_* variable that is not a setting stops \(program), naming the nearest one.", width: 78, indent: "  ")
        for setting in settings {
            lines.append("")
            lines.append("  \(setting.flag) \(setting.value)")
            lines.append("      \(setting.environmentName), or \(setting.key) in the file")
            var text = setting.help
            if let value = setting.defaultValue { text += " Default: \(value)." }
            if case .choice(let words) = setting.kind { text += " One of: \(words.joined(separator: ", "))." }
            lines.append(contentsOf: Self.wrap(text, width: 78, indent: "      "))
        }
        return lines.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines no wider than `width`, each starting with `indent`.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width, line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        if line != indent { lines.append(line) }
        return lines
    }
}
