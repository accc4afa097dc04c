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
