import Foundation
import NcodCore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// The web pages without a browser: language choice, CSRF refusal, escaping, redirects.
@Suite("Web pages")
struct WebPageTests {
    @Test("the language follows Accept-Language, and every page carries the security headers")
    func language() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            _ = try await harness.seedOrgTree()
            let chinese = try await harness.send(.GET, "/register", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"])
            #expect(String(buffer: chinese.body).contains("<html lang=\"zh-CN\">"))
            #expect(String(buffer: chinese.body).contains("注册账号"))
            #expect(String(buffer: chinese.body).contains("<optgroup label=\"华东集团 / 上海自动化有限公司\">"))
            let english = try await harness.send(.GET, "/register", headers: ["Accept-Language": "en-GB,en;q=0.8"])
            #expect(String(buffer: english.body).contains("Create an account"))
            #expect(english.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
            #expect(english.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            #expect(english.headers.setCookie?[CSRFToken.cookieName]?.isHTTPOnly == true)
        }
    }

    @Test("a form posted without its CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let department = try await harness.seedOrgTree()
            let form = "username=forged&displayName=Forged&password=forged-pass-1&contact=f%40example.com&orgUnitID=\(department.id)&csrf=guess"
            let response = try await harness.send(
                .POST, "/register",
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "ncod_csrf=the-real-token-is-different-0123456789"],
                body: form
            )
            #expect(response.status == .forbidden)
            #expect(String(buffer: response.body).contains("This form has expired"))
            // A cookie the attacker planted, repeated in the field, is not a token this site made.
            for planted in ["x", String(repeating: "a", count: 43) + "." + String(repeating: "b", count: 43)] {
                let forged = try await harness.send(
                    .POST, "/register", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "ncod_csrf=\(planted)"],
                    body: form.replacingOccurrences(of: "csrf=guess", with: "csrf=\(planted)"))
                #expect(forged.status == .forbidden, "planted token \(planted.prefix(8))…")
            }
            #expect(try await harness.store.users.find(username: "forged") == nil)
        }
    }

    /// A CSRF token the site signed, as the register page hands it out (cookie and field).
    static func csrfToken(_ harness: MasterHarness) async throws -> String {
        let page = try await harness.send(.GET, "/register")
        let cookie = try #require(page.headers.setCookie?["ncod_csrf"]?.string)
        #expect(String(buffer: page.body).contains("value=\"\(cookie)\""), "the form carries the cookie's token")
        return cookie
    }

    @Test("registration errors show next to their fields with the values kept, and names are escaped")
    func formErrors() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let department = try await harness.seedOrgTree()
            let token = try await Self.csrfToken(harness)
            let form = "username=ok.name&displayName=%3Cb%3Ebold%3C%2Fb%3E&password=x&contact=nonsense&orgUnitID=\(department.id)&csrf=\(token)"
            let response = try await harness.send(
                .POST, "/register", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "ncod_csrf=\(token)"], body: form
            )
            let html = String(buffer: response.body)
            #expect(response.status == .unprocessableEntity)
            #expect(html.contains("id=\"password-error\">the password must have at least 10 characters</p>"))
            #expect(html.contains("id=\"contact-error\">"))
            #expect(html.contains("value=\"ok.name\""))
            #expect(html.contains("value=\"&lt;b&gt;bold&lt;/b&gt;\""))
            #expect(!html.contains("<b>bold</b>"))
            #expect(html.contains("<option value=\"\(department.id.uuidString)\" selected>"))
        }
    }

    @Test("/me without a session goes to /login")
    func meRedirects() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let response = try await harness.send(.GET, "/me")
            #expect(response.status == .seeOther || response.status == .found)
            #expect(response.headers.first(name: .location) == "/login")
        }
    }
}
