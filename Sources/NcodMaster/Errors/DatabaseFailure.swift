import AsyncKit
import FluentPostgresDriver
import Foundation
import NIOCore
import NIOPosix

/// Short, password-free descriptions of database errors for logs, health reports and startup messages.
enum DatabaseFailure {
    /// One line saying why the database failed: the socket error for a connection that could not be made
    /// ("Connection refused (127.0.0.1:5432)"), the server's own message for one it refused.
    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let connection = psql.underlying as? NIOConnectionError { return describe(connection) }
            if let underlying = psql.underlying { return describe(underlying) }
            return "\(psql.code)"
        }
        if let connection = error as? NIOConnectionError { return describe(connection) }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return firstLine(String(describing: error))
    }

    /// Whether `error` means the database cannot be reached now (refused, dropped, restarting, pool exhausted), which a client should
    /// retry later (503), as opposed to a fault in the request or the master (500).
    static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case is NIOConnectionError, is ConnectionPoolTimeoutError, is ChannelError: return true
        case let pool as ConnectionPoolError: return pool == .shutdown ? false : true
        case let io as IOError: return [ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH].contains(io.errnoCode)
        case let psql as PSQLError:
            switch psql.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection: return true
            case .server:
                // SQLSTATE class 08 (connection exception) and 57 (operator intervention: shutting down, starting up).
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("57")
            default:
                return psql.underlying.map(isUnavailable) ?? false
            }
        default:
            return false
        }
    }

    private static func describe(_ error: NIOConnectionError) -> String {
        if let failure = error.connectionErrors.first {
            let reason = (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? firstLine("\(failure.error)")
            return "\(reason) (\(error.host):\(error.port))"
        }
        if error.dnsAError != nil || error.dnsAAAAError != nil { return "cannot resolve host '\(error.host)'" }
        return "cannot connect to \(error.host):\(error.port)"
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1).first ?? "unknown error")
    }
}
