import Synchronization

/// The settings' flags a program took off its command line before its subcommand was parsed (``SettingsCatalog/takeFlags(from:)``),
/// kept for the subcommand that resolves them. Written once in `main`, read afterwards.
public final class CommandLineSettings: Sendable {
    /// The process's one instance.
    public static let shared = CommandLineSettings()

    private let stored = Mutex<[String: String]>([:])

    /// The flags by setting key (`port` for `--port 8443`).
    public var flags: [String: String] {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
