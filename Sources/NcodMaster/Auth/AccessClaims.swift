import Foundation
import JWT
import NcodCore

/// The payload of an ncod access token (EdDSA-signed JWT).
struct AccessClaims: JWTPayload, Equatable {
    /// Issuer every ncod master writes and checks.
    static let issuer = "ncod"

    /// The account's id.
    var sub: SubjectClaim
    /// Expiry.
    var exp: ExpirationClaim
    /// Issue time.
    var iat: IssuedAtClaim
    /// Token id, for logs and audit.
    var jti: IDClaim
    /// Always ``issuer``.
    var iss: IssuerClaim
    /// The program the login came from.
    var client: ClientKind
    /// The machine binding a terminal login was admitted through.
    var bindingID: UUID?
    /// The login the token belongs to (its refresh-token family): once that login is ended (logout, a reused refresh token, a
    /// password reset, the account disabled), the token is refused, however long it has left.
    var login: UUID

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == Self.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "not an ncod token") }
    }

    /// The account id, or `nil` when the subject is not a UUID.
    var userID: UUID? { UUID(uuidString: sub.value) }
}
