import ArgumentParser
import NcodCore

/// `ncod-admin`: the administrators' terminal console (slaves, people, organisation tree, leases, audit).
///
/// The console screens arrive with the admin-console work; for now it only describes itself.
@main
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-admin",
        abstract: "The ncod admin console: manage slaves, approve people and machines, keep the organisation tree, watch leases and the audit log.",
        version: NcodVersion.current
    )

    func run() throws {
        print(Self.helpMessage())
    }
}
