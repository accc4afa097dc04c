import Foundation
import NcodClient
import NcodCore

/// A change the console makes on the master, the only kind it makes: what to call, and what to say once it is done.
///
/// Each section declares its own commands beside its keys and screen (`extension AdminCommand` in its file). Two commands are the
/// same when their names and arguments are.
public struct AdminCommand: Equatable, Sendable, CustomStringConvertible {
    /// Its name (`renameSlave`).
    public let name: String
    /// Its arguments, as text.
    public let arguments: [String]
    /// Calls the master.
    let perform: @Sendable (MasterAPIClient) async throws -> AdminOutcome
    /// The result line, from the state before the reload (so that it can name what was changed).
    let result: @Sendable (AdminState) -> Message

    /// A command named `name` with `arguments`.
    init(
        _ name: String, _ arguments: [Any], perform: @escaping @Sendable (MasterAPIClient) async throws -> AdminOutcome,
        result: @escaping @Sendable (AdminState) -> Message
    ) {
        self.name = name
        self.arguments = arguments.map { String(describing: $0) }
        self.perform = perform
        self.result = result
    }

    /// A command whose call answers nothing to show.
    init(
        _ name: String, _ arguments: [Any], _ call: @escaping @Sendable (MasterAPIClient) async throws -> Void,
        result: @escaping @Sendable (AdminState) -> Message
    ) {
        self.init(
            name, arguments,
            perform: { api in
                try await call(api)
                return .done
            }, result: result)
    }

    /// Same name, same arguments.
    public static func == (lhs: AdminCommand, rhs: AdminCommand) -> Bool { lhs.name == rhs.name && lhs.arguments == rhs.arguments }

    /// `renameSlave 0A1B… box9`.
    public var description: String { ([name] + arguments).joined(separator: " ") }
}
