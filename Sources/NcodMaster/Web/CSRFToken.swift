import Foundation
import Vapor

/// Double-submit CSRF protection for the web forms: a random token in an HttpOnly, SameSite=Strict cookie,
/// repeated in a hidden field; a POST is accepted only when the two match.
enum CSRFToken {
    /// Name of the cookie.
    static let cookieName = "ncod_csrf"

    /// The request's token, or a new one (then also set on `response`).
    static func token(for request: Request) -> String {
        if let existing = request.cookies[cookieName]?.string, existing.count >= 32 { return existing }
        return TokenIssuer.randomToken()
    }

    /// Sets the token cookie on a page that shows a form.
    static func attach(_ token: String, to response: Response) {
        response.cookies[cookieName] = HTTPCookies.Value(
            string: token, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict
        )
    }

    /// Whether the submitted field matches the cookie, compared in constant time.
    static func isValid(submitted: String?, request: Request) -> Bool {
        guard let submitted, let cookie = request.cookies[cookieName]?.string, !cookie.isEmpty else { return false }
        return SecretHash.equalInConstantTime(submitted, cookie)
    }
}
