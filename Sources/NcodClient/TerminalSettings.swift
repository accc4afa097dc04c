import Foundation
import NcodCore

/// What ncod-tui and ncod-admin are told: flags, then `NCOD_*` variables, then what they remembered in
/// `~/.config/ncod/<program>.conf` from the last run. Both need the master's URL and the site CA.
public struct TerminalSettings: Sendable {
    /// Why the program cannot start, in one line.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        /// The message.
        public var description: String
    }

    /// Where the remembered settings live.
    public let path: String
    /// The settings in force (flag > environment > remembered file).
    public let layers: ConfigurationLayers
    /// The master's URL.
    public let masterURL: String
    /// The site CA file.
    public let caFile: String
    /// The language of the screens: `--lang`, else `LANG`.
    public let language: Language

    /// Resolves the settings of `program` (`tui`, `admin`); throws when the master or the CA is unknown or unreadable.
    public init(program: String, master: String?, ca: String?, language: String?, environment: [String: String]) throws {
        // A misspelt NCOD_* variable stops the program rather than being ignored (NcodEnvironment).
        do { try NcodEnvironment.check(environment) } catch let invalid as SettingsCatalog.Invalid {
            throw Problem(description: invalid.description)
        }
        path = (environment["HOME"] ?? "/tmp") + "/.config/ncod/\(program).conf"
        let file = (try? ConfigFile.load(path: path)) ?? ConfigFile()
        // A key the clients do not know, or a value that does not fit, in the remembered file is named with its line.
        do { _ = try ClientSettings.catalog.resolve(flags: [:], environment: [:], file: file) } catch let invalid as SettingsCatalog.Invalid {
            throw Problem(description: invalid.description)
        }
        layers = ConfigurationLayers(environment: environment, file: file)
        guard let masterURL = layers.value(ClientSettings.master.key, flag: master), let caFile = layers.value(ClientSettings.ca.key, flag: ca) else {
            throw Problem(description: "give --master and --ca once (they are then remembered in \(path))")
        }
        guard FileManager.default.isReadableFile(atPath: caFile) else { throw Problem(description: "cannot read the CA certificate \(caFile)") }
        self.masterURL = masterURL
        self.caFile = caFile
        self.language = language.map { $0.hasPrefix("zh") ? .simplifiedChinese : .english } ?? Language.fromEnvironment(environment)
    }

    /// The setting `key`, from `flag` or the layers below it.
    public func value(_ key: String, flag: String?) -> String? { layers.value(key, flag: flag) }

    /// The first line of a password file (`--password-file`, for demos and scripts).
    public static func password(fromFile path: String) throws -> String {
        guard let line = FileManager.default.contents(atPath: path).flatMap({ String(decoding: $0, as: UTF8.self).split(separator: "\n").first })
        else {
            throw Problem(description: "cannot read the password file \(path)")
        }
        return String(line)
    }

    /// Remembers the master, the CA (as an absolute path), the username that logged in and `extra` settings for the next run.
    public func remember(username: String?, extra: [String: String] = [:]) {
        var remembered = layers.file
        remembered.values[ClientSettings.master.key] = masterURL
        remembered.values[ClientSettings.ca.key] = ConfigFile.absolute(caFile)
        if let username { remembered.values[ClientSettings.username.key] = username }
        remembered.values.merge(extra) { $1 }
        try? remembered.save(to: path)
    }
}
