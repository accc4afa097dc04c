import FluentKit

/// The schema history, in order. A migration that has shipped is never edited: add a new one.
public enum NcodMigrations {
    /// Every migration, oldest first.
    public static let all: [any Migration] = [
        M001_CreateOrgUnits(),
        M002_CreateUsers(),
        M003_CreateMachineBindings(),
        M004_CreateSlaves(),
        M005_CreateDevices(),
        M006_CreateLeases(),
        M007_CreateAuditEvents(),
        M008_CreateRefreshTokens(),
        M009_AddSlaveSessions(),
        M010_CreateEnrolmentTokens(),
        M011_AddLeasePasswords(),
        M012_CreateFleetDuties(),
        M013_AddLeaseNotices(),
        M014_AddTimedHolds(),
        M015_AddComputerKeys(),
        M016_CreateWaits(),
        M017_AddAuditChain(),
        M018_AddVisibility(),
        M019_AddInventoryDigests(),
    ]
}
