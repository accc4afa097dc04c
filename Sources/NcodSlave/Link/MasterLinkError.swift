import NcodCore

/// How a call to the master failed, sorted by what the daemon should do about it.
public enum MasterLinkError: Error, Equatable, CustomStringConvertible {
    /// The master refused for good (disabled, removed, bad credential, bad request): stop and say why.
    case refused(Problem)
    /// The registration session is over (the master restarted the slave's session, or marked it offline): register again.
    case staleSession
    /// The network or the master is failing for now: back off and try again.
    case unavailable(String)

    /// One line for logs and the operator.
    public var description: String {
        switch self {
        case .refused(let problem): "the master refused: \(problem.detail ?? problem.title) (\(problem.code))"
        case .staleSession: "the master ended this registration session"
        case .unavailable(let reason): "the master is unreachable: \(reason)"
        }
    }
}
