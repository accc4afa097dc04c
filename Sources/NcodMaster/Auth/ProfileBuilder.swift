import NcodCore
import NcodStore

/// Turns an account into the profile the API shows, with its org unit path.
enum ProfileBuilder {
    /// The profile of `user`.
    static func profile(of user: User, store: Store) async throws -> UserProfile {
        let units = try await store.orgUnits.all()
        return profile(of: user, units: units)
    }

    /// The profile of `user`, given every org unit (for lists).
    static func profile(of user: User, units: [OrgUnit]) -> UserProfile {
        UserProfile(user, orgUnitPath: OrgUnitNode.path(to: user.orgUnitID, in: units).map(OrgUnitSummary.init))
    }
}
