import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// What enrolment leaves in the state folder (`/var/lib/ncod-slaved/slave.json`, mode 0600): where the master is,
/// the CA to trust it by, and this slave's credential.
public struct SlaveState: Codable, Equatable, Sendable {
    /// The master's base URL, e.g. `https://master.lan:8443`.
    public var master: String
    /// The CA certificate file copied into the state folder.
    public var caFile: String
    /// The slave's id.
    public var slaveID: UUID
    /// `<id>.<secret>`.
    public var credential: String
    /// The name it enrolled under.
    public var name: String

    /// Creates a state record.
    public init(master: String, caFile: String, slaveID: UUID, credential: String, name: String) {
        self.master = master
        self.caFile = caFile
        self.slaveID = slaveID
        self.credential = credential
        self.name = name
    }

    /// The state file inside `folder`.
    public static func path(in folder: String) -> String { folder + "/slave.json" }

    /// Reads the state of `folder`; a clear error when the slave has not enrolled.
    public static func load(from folder: String) throws -> SlaveState {
        let path = path(in: folder)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SlaveConfiguration.Invalid(description: "this slave has not enrolled (no \(path)); run ncod-slaved enrol first")
        }
        do {
            return try NcodJSON.decoder().decode(SlaveState.self, from: data)
        } catch {
            throw SlaveConfiguration.Invalid(description: "\(path) is damaged (\(error)); enrol again")
        }
    }

    /// Writes the state into `folder` (created 0700), the file 0600.
    public func save(in folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = Self.path(in: folder)
        let data = try NcodJSON.encoder().encode(self)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SlaveConfiguration.Invalid(description: "cannot write \(path)")
        }
        chmod(path, 0o600)
    }
}
