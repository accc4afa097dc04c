/// One request/response exchange with the VirtualHere client; the two implementations are the FIFO pair and `-t`.
public protocol VHTransport: Sendable {
    /// Sends `line` (without its newline) and returns the raw response, or throws ``VHTransportError``.
    func exchange(_ line: String, timeout: Duration) async throws -> String
}

/// Why no answer came from the VirtualHere client.
public enum VHTransportError: Error, Equatable, CustomStringConvertible {
    /// No client reads the request pipe (or `-t` says so): the VirtualHere client is not running.
    case clientNotRunning(String)
    /// The client took the request but did not answer in time.
    case timedOut(String)
    /// The pipes or the binary could not be used.
    case io(String)

    /// One line for people.
    public var description: String {
        switch self {
        case .clientNotRunning(let detail): "the VirtualHere client is not running (\(detail))"
        case .timedOut(let detail): "the VirtualHere client did not answer in time (\(detail))"
        case .io(let detail): "cannot talk to the VirtualHere client: \(detail)"
        }
    }
}
