/// One setting of an ncod program, declared once: its key (the config file's key, the flag `--KEY`, the variable `NCOD_KEY`),
/// what it means, its default and the values it accepts. The help text, the layering and the validation all read this.
///
/// ```swift
/// static let port = Setting(key: "port", value: "PORT", help: "HTTPS port; 0 picks a free one.", default: "8443",
///                           kind: .integer(0...65535))
/// ```
public struct Setting: Sendable, Equatable {
    /// What a value must look like.
    public enum Kind: Sendable, Equatable {
        /// Any text (paths, URLs, names).
        case text
        /// A whole number within the range.
        case integer(ClosedRange<Int>)
        /// A duration (`90s`, `2m`, `8h`, `2d`; a bare number is seconds) within the range of seconds.
        case duration(ClosedRange<Int>)
        /// One of these words (compared without case).
        case choice([String])
    }

    /// The config file key, and the flag and variable names derived from it: `database-url`.
    public let key: String
    /// The value's placeholder in help: `URL`, `SECONDS`.
    public let value: String
    /// One or two sentences for people.
    public let help: String
    /// The value when no layer sets one, as text; `nil` when the setting is off by default or derived from another (see ``help``).
    public let defaultValue: String?
    /// What a value must look like.
    public let kind: Kind

    /// Declares a setting.
    public init(key: String, value: String, help: String, default defaultValue: String? = nil, kind: Kind = .text) {
        self.key = key
        self.value = value
        self.help = help
        self.defaultValue = defaultValue
        self.kind = kind
    }

    /// `--log-level`, the daemons share: the lowest level logged.
    public static let logLevel = Setting(
        key: "log-level", value: "LEVEL", help: "The lowest level logged.", default: "info",
        kind: .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]))
    /// `--log-format`, the daemons share.
    public static let logFormat = Setting(
        key: "log-format", value: "FORMAT", help: "text for people, json for log shippers.", default: "text", kind: .choice(["text", "json"]))

    /// `--database-url`.
    public var flag: String { "--" + key }

    /// `NCOD_DATABASE_URL`.
    public var environmentName: String { ConfigurationLayers.environmentName(for: key) }

    /// The default as a whole number (integer settings) or seconds (durations); a declaration without one is a programming error.
    public var defaultNumber: Int {
        guard let text = defaultValue, case .accepted(let number) = check(text) else {
            preconditionFailure("setting \(key) declares no numeric default")
        }
        return number ?? 0
    }

    /// What checking one value gave: accepted (with its number for numeric kinds), or the rule it broke.
    public enum Check: Equatable, Sendable {
        /// The value fits; the number for integers and durations.
        case accepted(Int?)
        /// The value does not fit: "must be between 0 and 65535".
        case refused(String)
    }

    /// Checks one value against ``kind``.
    public func check(_ text: String) -> Check {
        switch kind {
        case .text:
            return .accepted(nil)
        case .integer(let range):
            guard let number = Int(text.trimmingWhitespace()), range.contains(number) else {
                return .refused("must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return .accepted(number)
        case .duration(let range):
            guard let seconds = DurationText.seconds(text.trimmingWhitespace()), range.contains(seconds) else {
                return .refused(
                    "must be a duration from \(DurationText.text(range.lowerBound)) to \(DurationText.text(range.upperBound))"
                        + " (90s, 2m, 8h, 2d; a bare number is seconds)")
            }
            return .accepted(seconds)
        case .choice(let words):
            guard words.contains(text.lowercased()) else { return .refused("must be one of \(words.joined(separator: ", "))") }
            return .accepted(nil)
        }
    }
}
