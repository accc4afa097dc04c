import Foundation
import NcodCore
import Vapor

/// Who is calling: the account (as it is in the database now), and what its token says about the login.
struct Principal: Sendable {
    /// The account, read fresh for this request.
    let user: User
    /// The program the login came from.
    let client: ClientKind
    /// The binding of a terminal login.
    let bindingID: UUID?
    /// The login (refresh-token family) the access token belongs to.
    var login = UUID()
    /// When the access token expires.
    var expiresAt = Date.distantFuture

    /// How the principal appears in the audit log.
    var auditName: String { user.username }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    /// The authenticated caller; set by ``Authentication``.
    var principal: Principal {
        get throws {
            guard let principal = storage[PrincipalKey.self] else {
                throw Problem(status: 401, code: "unauthorized", title: "Unauthorized", detail: "log in first")
            }
            return principal
        }
    }

    /// Stores the authenticated caller.
    func setPrincipal(_ principal: Principal) { storage[PrincipalKey.self] = principal }
}
