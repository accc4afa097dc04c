import Crypto
import Foundation
import Vapor

/// Double-submit CSRF protection for the web forms: a token in an HttpOnly, SameSite=Strict cookie, repeated in a hidden field;
/// a POST is accepted only when the two match and the token is one this site made: `<random>.<HMAC-SHA256 of it>`, signed with
/// the site's key (``KeyMaterial/csrfKey``), so that a cookie an attacker plants with a value of their own choosing is refused.
enum CSRFToken {
    /// Name of the cookie.
    static let cookieName = "ncod_csrf"
    /// Length of a token: 43 characters of randomness, a dot, 43 of signature.
    static let length = 87

    /// The request's token when it is one of ours, or a new one (then also set on the response by ``attach(_:to:)``).
    static func token(for request: Request) -> String {
        if let existing = request.cookies[cookieName]?.string, isSigned(existing, key: request.ncod.csrfKey) { return existing }
        let random = TokenIssuer.randomToken()
        return random + "." + signature(of: random, key: request.ncod.csrfKey)
    }

    /// Sets the token cookie on a page that shows a form.
    static func attach(_ token: String, to response: Response) {
        response.cookies[cookieName] = HTTPCookies.Value(
            string: token, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict
        )
    }

    /// Whether the submitted field matches the cookie (compared in constant time) and the cookie is a token this site signed.
    static func isValid(submitted: String?, request: Request) -> Bool {
        guard let submitted, let cookie = request.cookies[cookieName]?.string, isSigned(cookie, key: request.ncod.csrfKey) else { return false }
        return SecretHash.equalInConstantTime(submitted, cookie)
    }

    /// Whether `token` has the right length and shape and its signature is the site's.
    static func isSigned(_ token: String, key: SymmetricKey) -> Bool {
        guard token.utf8.count == length else { return false }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return SecretHash.equalInConstantTime(String(parts[1]), signature(of: String(parts[0]), key: key))
    }

    private static func signature(of random: String, key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(random.utf8), using: key)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
