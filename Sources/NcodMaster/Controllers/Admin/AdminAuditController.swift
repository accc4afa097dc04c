import Foundation
import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/admin/audit`: the audit log, newest first, filtered by person, device, slave, action and time, a page at a time.
///
/// Query: `person`, `device`, `slave`, `actor`, `action` (a trailing dot matches the prefix), `since` and `until` (ISO 8601),
/// `offset`, `limit` (1…500, default 50).
struct AdminAuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: page)
    }

    @Sendable
    func page(req: Request) async throws -> AuditPage {
        func raw(_ name: String) throws -> String? {
            guard let value = try req.query.get(String?.self, at: name) else { return nil }
            guard value.count <= 200 else { throw Problem.invalidField(name, "at most 200 characters") }
            return value.trimmingCharacters(in: .whitespaces)
        }
        func text(_ name: String) throws -> String? {
            guard let value = try raw(name), !value.isEmpty else { return nil }
            return value
        }
        func date(_ name: String) throws -> Date? {
            guard let value = try raw(name) else { return nil }
            guard let parsed = Self.time(value) else {
                throw Problem.invalidField(name, "give a time as ISO 8601, e.g. 2026-11-21T09:00:00Z")
            }
            return parsed
        }
        func number(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let value = try raw(name) else { return fallback }
            guard let parsed = Int(value), range.contains(parsed) else { throw Problem.invalidField(name, "a whole number in \(range)") }
            return parsed
        }
        let query = AuditQuery(
            person: try text("person"), device: try text("device"), slave: try text("slave"), actor: try text("actor"),
            action: try text("action"), since: try date("since"), until: try date("until"),
            offset: try number("offset", default: 0, range: 0...Int(Int32.max)),
            limit: try number("limit", default: 50, range: 1...AuditQuery.maxLimit))
        return try await Store(database: req.db).audit.page(query)
    }

    /// An RFC 3339 time, with or without fractional seconds.
    static func time(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
