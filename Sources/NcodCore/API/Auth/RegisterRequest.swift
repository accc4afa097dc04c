#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/auth/register`.
public struct RegisterRequest: Codable, Hashable, Sendable {
    /// Login name: 3–32 characters, lower-case letters, digits, `.`, `_`, `-`, starting with a letter.
    public var username: String
    /// The person's name as others see it (any script).
    public var displayName: String
    /// Password; must meet ``PasswordPolicy/standard``.
    public var password: String
    /// Phone number or e-mail address.
    public var contact: String
    /// The project department the person belongs to (a leaf of `GET /api/v1/org-units`).
    public var orgUnitID: UUID
    /// The computer registering from (ncod-tui sends it), so that person and computer are approved in one request; none from the web.
    public var computer: ComputerClaim?

    /// Creates a request.
    public init(username: String, displayName: String, password: String, contact: String, orgUnitID: UUID, computer: ComputerClaim? = nil) {
        self.username = username
        self.displayName = displayName
        self.password = password
        self.contact = contact
        self.orgUnitID = orgUnitID
        self.computer = computer
    }
}
