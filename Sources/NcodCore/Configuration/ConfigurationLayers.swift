/// Resolves a setting the way every ncod program does:
/// command-line flag, then `NCOD_*` environment variable, then configuration file, then default.
///
/// ```swift
/// let layers = ConfigurationLayers(environment: ProcessInfo.processInfo.environment, file: file)
/// let url = layers.value("database-url", flag: options.databaseURL) ?? "ncod.sqlite"
/// ```
public struct ConfigurationLayers: Sendable {
    /// The process environment.
    public var environment: [String: String]
    /// The parsed configuration file (empty when there is none).
    public var file: ConfigFile

    /// Creates the layers.
    public init(environment: [String: String], file: ConfigFile = ConfigFile()) {
        self.environment = environment
        self.file = file
    }

    /// The environment variable that carries a key: `database-url` → `NCOD_DATABASE_URL`.
    public static func environmentName(for key: String) -> String {
        "NCOD_" + String(key.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// The first value found for `key`: the flag, the environment, the file; `nil` when none sets it.
    /// An empty environment variable counts as unset.
    public func value(_ key: String, flag: String?) -> String? {
        if let flag { return flag }
        if let env = environment[Self.environmentName(for: key)], !env.isEmpty { return env }
        return file.values[key]
    }

    /// Like ``value(_:flag:)`` but converted to an integer; a value that is not one is an error naming its source.
    public func integer(_ key: String, flag: Int?) throws -> Int? {
        if let flag { return flag }
        guard let text = value(key, flag: nil) else { return nil }
        guard let number = Int(text) else {
            throw ConfigFile.ParseError(description: "\(key) must be a whole number, got '\(text)'")
        }
        return number
    }
}
