/// The settings a program runs with, each checked against its declaration, with where it came from.
public struct ResolvedSettings: Sendable {
    /// Where a value came from.
    public enum Source: Sendable, Equatable {
        /// The command line.
        case flag
        /// An `NCOD_*` variable.
        case environment
        /// A line of the config file.
        case file(path: String, line: Int)
        /// The declaration's default.
        case `default`

        /// How a message names the setting from this source: `--port`, `NCOD_PORT`, `/etc/ncod/master.conf:3: port`.
        func naming(_ setting: Setting) -> String {
            switch self {
            case .flag: return setting.flag
            case .environment: return setting.environmentName
            case .file(let path, let line): return "\(path):\(line): \(setting.key)"
            case .default: return "the default of \(setting.key)"
            }
        }
    }

    /// One resolved value.
    public struct Value: Sendable, Equatable {
        /// As given.
        public var text: String
        /// For integer and duration settings: the number (seconds for durations).
        public var number: Int?
        /// Where it came from.
        public var source: Source
    }

    /// Values by key; a setting without a default that nothing set is absent.
    public let values: [String: Value]
    /// The config file read, if any.
    public let configFile: String?

    /// The text of a setting, `nil` when unset.
    public func text(_ setting: Setting) -> String? { values[setting.key]?.text }

    /// The number of an integer or duration setting, `nil` when unset.
    public func optionalNumber(_ setting: Setting) -> Int? { values[setting.key]?.number }

    /// The number of an integer or duration setting that has a default.
    public func number(_ setting: Setting) -> Int { values[setting.key]?.number ?? setting.defaultNumber }

    /// A comma-separated setting as its trimmed, non-empty items.
    public func list(_ setting: Setting) -> [String] {
        (text(setting) ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Where a setting's value came from.
    public func source(_ setting: Setting) -> Source? { values[setting.key]?.source }
}
