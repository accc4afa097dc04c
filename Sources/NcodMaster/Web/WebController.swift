import Foundation
import Leaf
import NcodCore
import NcodStore
import Vapor

/// The master's web pages: `/register`, `/login`, `/me` (and `/logout`). Server-rendered, working without JavaScript,
/// every form CSRF-protected, English or Simplified Chinese by `Accept-Language` (or `?lang=`).
struct WebController: RouteCollection {
    /// Lifetime of a web session (an access token of client kind `web` in an HttpOnly cookie).
    static let sessionLifetime: TimeInterval = 8 * 3600

    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped(SecurityHeaders())
        pages.get { req in req.redirect(to: "/me") }
        pages.get("register", use: registerPage)
        pages.post("register", use: register)
        pages.get("login", use: loginPage)
        pages.post("login", use: login)
        pages.get("me", use: me)
        pages.post("logout", use: logout)
    }

    // MARK: Register

    /// What the registration form posts.
    struct RegisterForm: Content {
        var csrf: String?
        var username: String?
        var displayName: String?
        var password: String?
        var contact: String?
        var orgUnitID: String?
    }

    @Sendable
    func registerPage(req: Request) async throws -> Response {
        try await renderRegister(req, form: RegisterForm(), errors: [:], status: .ok)
    }

    @Sendable
    func register(req: Request) async throws -> Response {
        let form = (try? req.content.decode(RegisterForm.self)) ?? RegisterForm()  // unreadable: refused below as a CSRF failure
        guard CSRFToken.isValid(submitted: form.csrf, request: req) else { return try await csrfFailure(req) }
        let language = Self.language(req)
        let body = RegisterRequest(
            username: form.username ?? "", displayName: form.displayName ?? "", password: form.password ?? "", contact: form.contact ?? "",
            orgUnitID: UUID(uuidString: form.orgUnitID ?? "") ?? UUID()
        )
        do {
            _ = try await AccountRegistration.register(body, request: req)
        } catch let rejected as AccountRegistration.Rejected {
            let errors = rejected.fields.mapValues { $0.text(in: language) }
            return try await renderRegister(req, form: form, errors: errors, status: .unprocessableEntity)
        }
        return try await startSession(req, username: body.username, password: body.password)
    }

    private func renderRegister(_ req: Request, form: RegisterForm, errors: [String: String], status: HTTPStatus) async throws -> Response {
        struct Option: Encodable { let id: String, name: String, selected: Bool }
        struct Group: Encodable { let label: String, options: [Option] }
        struct Context: Encodable {
            let lang: String, title: String, t: [String: String], csrf: String, form: RegisterForm, errors: [String: String]
            let formError: String?, groups: [Group]
        }
        let language = Self.language(req)
        let csrf = CSRFToken.token(for: req)
        let forest = OrgUnitNode.forest(try await Store(database: req.db).orgUnits.all())
        let groups = forest.flatMap { organisation in
            organisation.children.map { company in
                Group(
                    label: "\(organisation.name) / \(company.name)",
                    options: company.children.map { Option(id: $0.id.uuidString, name: $0.name, selected: $0.id.uuidString == form.orgUnitID) }
                )
            }
        }
        var shown = form
        shown.password = nil
        let context = Context(
            lang: language.htmlTag, title: WebCatalogue.text("registerTitle", language), t: WebCatalogue.strings(language), csrf: csrf,
            form: shown, errors: errors, formError: errors.isEmpty ? nil : WebCatalogue.text("formError", language), groups: groups
        )
        return try await page("register", context, status: status, csrf: csrf, req)
    }

    // MARK: Login

    /// What the login form posts.
    struct LoginForm: Content {
        var csrf: String?
        var username: String?
        var password: String?
    }

    @Sendable
    func loginPage(req: Request) async throws -> Response {
        let notice = (try? req.query.get(String.self, at: "loggedOut")) != nil ? WebCatalogue.text("loggedOut", Self.language(req)) : nil
        return try await renderLogin(req, username: "", error: nil, notice: notice, status: .ok)
    }

    @Sendable
    func login(req: Request) async throws -> Response {
        let form = (try? req.content.decode(LoginForm.self)) ?? LoginForm()  // unreadable: refused below as a CSRF failure
        guard CSRFToken.isValid(submitted: form.csrf, request: req) else { return try await csrfFailure(req) }
        return try await startSession(req, username: form.username ?? "", password: form.password ?? "")
    }

    private func renderLogin(_ req: Request, username: String, error: String?, notice: String?, status: HTTPStatus) async throws -> Response {
        struct Context: Encodable {
            let lang: String, title: String, t: [String: String], csrf: String, username: String, formError: String?, notice: String?
        }
        let language = Self.language(req)
        let csrf = CSRFToken.token(for: req)
        let context = Context(
            lang: language.htmlTag, title: WebCatalogue.text("loginTitle", language), t: WebCatalogue.strings(language), csrf: csrf,
            username: username, formError: error, notice: notice
        )
        return try await page("login", context, status: status, csrf: csrf, req)
    }

    /// Logs in as a web client and lands on `/me`; re-shows the login form with the reason when refused.
    private func startSession(_ req: Request, username: String, password: String) async throws -> Response {
        let language = Self.language(req)
        do {
            let (user, _) = try await LoginFlow.admit(LoginRequest(username: username, password: password, client: .web), request: req)
            let token = try await TokenIssuer.webSession(for: user, lifetime: Self.sessionLifetime, request: req, store: Store(database: req.db))
            let response = req.redirect(to: "/me", redirectType: .normal)
            response.cookies[WebSession.cookieName] = HTTPCookies.Value(
                string: token, maxAge: Int(Self.sessionLifetime), path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict
            )
            return response
        } catch let refusal as any ProblemRepresentable {
            return try await renderLogin(
                req, username: username, error: Self.explain(refusal.problem, language), notice: nil,
                status: .init(statusCode: refusal.problem.status))
        } catch let problem as Problem {
            return try await renderLogin(
                req, username: username, error: Self.explain(problem, language), notice: nil, status: .init(statusCode: problem.status))
        }
    }

    // MARK: Me

    @Sendable
    func me(req: Request) async throws -> Response {
        let principal: Principal
        do {
            principal = try await Authentication.authenticate(req)
        } catch {
            return req.redirect(to: "/login")
        }
        struct Context: Encodable {
            let lang: String, title: String, t: [String: String], csrf: String, profile: UserProfile, orgPath: String
            let statusClass: String, statusHeading: String, statusText: String, statusName: String, roleName: String, registered: String
        }
        let language = Self.language(req)
        let profile = try await ProfileBuilder.profile(of: principal.user, store: Store(database: req.db))
        let active = profile.status == .active
        let csrf = CSRFToken.token(for: req)
        let context = Context(
            lang: language.htmlTag, title: WebCatalogue.text("meTitle", language), t: WebCatalogue.strings(language), csrf: csrf,
            profile: profile, orgPath: profile.orgUnitPath.map(\.name).joined(separator: " / "),
            statusClass: profile.status.rawValue,
            statusHeading: WebCatalogue.text(active ? "activeHeading" : "pendingHeading", language),
            statusText: WebCatalogue.text(active ? "activeText" : "pendingText", language),
            statusName: WebCatalogue.text("status.\(profile.status.rawValue)", language),
            roleName: WebCatalogue.text("role.\(profile.role.rawValue)", language),
            registered: profile.createdAt.formatted(.iso8601.year().month().day())
        )
        return try await page("me", context, status: .ok, csrf: csrf, req)
    }

    @Sendable
    func logout(req: Request) async throws -> Response {
        let form = (try? req.content.decode(LoginForm.self)) ?? LoginForm()  // unreadable: refused below as a CSRF failure
        guard CSRFToken.isValid(submitted: form.csrf, request: req) else { return try await csrfFailure(req) }
        // The session's login ends on the master, not only in this browser: a copy of the cookie opens nothing afterwards.
        if let token = req.cookies[WebSession.cookieName]?.string, let claims = try? await req.jwt.verify(token, as: AccessClaims.self) {
            let store = Store(database: req.db)
            try await store.refreshTokens.revokeFamily(claims.login, at: req.ncod.now())
            if let userID = claims.userID, let user = try await store.users.find(userID) {
                try await req.audit("auth.logout", subject: "user:\(user.username)", actor: user.username, details: ["client": "web"])
            }
        }
        let response = req.redirect(to: "/login?loggedOut=1", redirectType: .normal)
        response.cookies[WebSession.cookieName] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    // MARK: Helpers

    private func csrfFailure(_ req: Request) async throws -> Response {
        struct Context: Encodable { let lang: String, title: String, t: [String: String], text: String, link: String, linkText: String }
        let language = Self.language(req)
        let context = Context(
            lang: language.htmlTag, title: WebCatalogue.text("loginTitle", language), t: WebCatalogue.strings(language),
            text: WebCatalogue.text("csrfFailed", language), link: "/login", linkText: WebCatalogue.text("backToLogin", language)
        )
        req.logger.notice("web form refused: CSRF token missing or wrong", metadata: ["path": "\(req.url.path)"])
        return try await page("message", context, status: .forbidden, csrf: nil, req)
    }

    private func page(_ template: String, _ context: some Encodable, status: HTTPStatus, csrf: String?, _ req: Request) async throws -> Response {
        let view = try await req.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: req)
        response.headers.cacheControl = .init(noStore: true)
        if let csrf { CSRFToken.attach(csrf, to: response) }
        return response
    }

    /// The reader's language: `?lang=en|zh`, else `Accept-Language`.
    static func language(_ req: Request) -> Language {
        if let forced = try? req.query.get(String.self, at: "lang") { return forced.hasPrefix("zh") ? .simplifiedChinese : .english }
        return Language.preferred(acceptLanguage: req.headers.first(name: .acceptLanguage))
    }

    /// A refusal in the reader's language.
    private static func explain(_ problem: Problem, _ language: Language) -> String {
        switch problem.code {
        case "invalid_credentials": WebCatalogue.text("loginFailed", language)
        default: problem.detail ?? problem.title
        }
    }
}
