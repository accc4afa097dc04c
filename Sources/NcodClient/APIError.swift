import NcodCore

/// Why a call to the master failed.
public enum APIError: Error, Equatable, CustomStringConvertible {
    /// The master answered with a problem document.
    case problem(Problem)
    /// The master could not be reached (network, TLS, timeout).
    case unreachable(String)
    /// The master answered something this client cannot read.
    case unreadable(String)

    /// The problem's stable code, when the master sent one.
    public var code: String? {
        if case .problem(let problem) = self { return problem.code }
        return nil
    }

    /// One line for people.
    public var description: String {
        switch self {
        case .problem(let problem): problem.detail ?? problem.title
        case .unreachable(let reason): "the master cannot be reached: \(reason)"
        case .unreadable(let reason): "unexpected answer from the master: \(reason)"
        }
    }
}
