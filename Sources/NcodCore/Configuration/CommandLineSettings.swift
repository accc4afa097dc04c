import Foundation

/// The settings' flags a program took off its command line before its subcommand was parsed (``SettingsCatalog/takeFlags(from:)``),
/// kept for the subcommand that resolves them. Written once in `main`, read afterwards.
public final class CommandLineSettings: @unchecked Sendable {
    /// The process's one instance.
    public static let shared = CommandLineSettings()

    private let lock = NSLock()
    private var stored: [String: String] = [:]

    /// The flags by setting key (`port` for `--port 8443`).
    public var flags: [String: String] {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
