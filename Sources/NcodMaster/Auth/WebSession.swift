/// The web pages' login: an access token (client kind `web`) in an HttpOnly, Secure, SameSite=Strict cookie.
/// It is accepted only on GET and HEAD, and a web token reaches nothing but the caller's own profile.
enum WebSession {
    /// Name of the cookie holding the token.
    static let cookieName = "ncod_session"
}
