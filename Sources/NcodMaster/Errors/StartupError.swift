/// Why the master could not start or finish a command; each says what to do in one line.
public enum StartupError: Error, Equatable, CustomStringConvertible {
    /// A flag, variable or config-file value is wrong.
    case invalidConfiguration(String)
    /// A key or certificate file is not there.
    case missingKeyFile(path: String, purpose: String)
    /// A private key file can be read by other users.
    case insecureKeyFile(path: String, mode: String)
    /// A key or certificate file is there but cannot be used.
    case unusableKeyFile(path: String, reason: String)
    /// The database cannot be reached or refused us.
    case databaseUnavailable(location: String, reason: String)
    /// The database answered, but bringing its schema up to date failed.
    case migrationFailed(location: String, reason: String)
    /// The command was used wrongly (e.g. an admin that already exists).
    case refused(String)

    /// One line, without a stack trace.
    public var description: String {
        switch self {
        case .invalidConfiguration(let text):
            "invalid configuration: \(text)"
        case .missingKeyFile(let path, let purpose):
            "\(purpose) not found at \(path) (generate it with keys/generate.sh, or point --keys-dir at the folder that holds it)"
        case .insecureKeyFile(let path, let mode):
            "\(path) is readable by other users (mode \(mode)); run: chmod 600 \(path)"
        case .unusableKeyFile(let path, let reason):
            "cannot use \(path): \(reason)"
        case .databaseUnavailable(let location, let reason):
            "cannot reach the database \(location): \(reason)"
        case .migrationFailed(let location, let reason):
            "cannot update the schema of \(location): \(reason)"
        case .refused(let text):
            text
        }
    }
}
