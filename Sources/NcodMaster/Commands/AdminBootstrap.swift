import Fluent
import Foundation
import NcodCore
import NcodStore
import Vapor

/// `ncod-master create-admin`: the first administrator, created from the command line on the master's own box.
public enum AdminBootstrap {
    /// What to create.
    public struct Request: Sendable {
        /// Login name.
        public var username: String
        /// Name shown to others.
        public var displayName: String
        /// Phone or e-mail.
        public var contact: String
        /// The password in clear; hashed here with bcrypt (cost 12).
        public var password: String

        /// Creates a request.
        public init(username: String, displayName: String, contact: String, password: String) {
            self.username = username
            self.displayName = displayName
            self.contact = contact
            self.password = password
        }
    }

    /// What ``createAdmin(_:configuration:logger:ifMissing:now:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// A new administrator.
        case created(User)
        /// The username existed and `ifMissing` was set: nothing changed.
        case alreadyExists(User)
    }

    /// Creates an active administrator; refuses a weak password, and a username that exists unless `ifMissing`.
    public static func createAdmin(
        _ request: Request, configuration: MasterConfiguration, logger: Logger, ifMissing: Bool = false, now: Date = Date()
    ) async throws -> Outcome {
        let username = request.username.trimmingCharacters(in: .whitespaces).lowercased()
        guard !username.isEmpty else { throw StartupError.refused("the username must not be empty") }
        if let problem = PasswordPolicy.administrator.problem(with: request.password, username: username) {
            throw StartupError.refused(problem.english)
        }
        let app = try await MasterApplication.makeDatabaseOnly(configuration, logger: logger)
        do {
            try await MasterApplication.migrate(app, location: configuration.database)
            let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(request.password, cost: 12) }
            let store = Store(database: app.db)
            let outcome = try await store.transaction { store -> Outcome in
                if let existing = try await store.users.find(username: username) {
                    if ifMissing { return .alreadyExists(existing) }
                    throw StartupError.refused("user '\(username)' already exists; reset its password from ncod-admin instead")
                }
                let user = try await store.users.create(
                    User(
                        id: UUID(), username: username, displayName: request.displayName, contact: request.contact,
                        passwordHash: hash, role: .admin, status: .active, orgUnitID: nil, createdAt: now, updatedAt: now
                    )
                )
                try await store.audit.append(
                    AuditEvent(
                        at: now, actor: "system:cli", action: "user.admin_created", subject: "user:\(username)",
                        details: ["host": ProcessInfo.processInfo.hostName])
                )
                return .created(user)
            }
            try await app.asyncShutdown()
            return outcome
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
