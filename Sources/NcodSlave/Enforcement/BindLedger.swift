import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// What VirtualHere holds on this slave, as its hooks saw it: one file a bound device, `<state>/vh-binds/<address>`, holding
/// the password MD5 that ClientAuthorization admitted for it, or nothing when VirtualHere bound it without asking (a server
/// without a licence). The hooks write it (they run as VirtualHere's server runs them); the daemon reads it to free every
/// device whose binding no live lease covers.
public struct BindLedger: Sendable {
    /// The ledger's folder.
    public let folder: String

    /// The ledger of the daemon whose state folder is `stateDirectory`.
    public init(stateDirectory: String) { self.folder = stateDirectory + "/vh-binds" }

    /// ClientAuthorization admitted a client to `address` with this password MD5.
    public func admitted(_ address: String, passwordMD5: String) throws {
        try write(passwordMD5.lowercased(), for: address)
    }

    /// VirtualHere bound `address` (onBind): kept as admitted when ClientAuthorization ran, recorded without a password otherwise.
    public func bound(_ address: String) throws {
        if FileManager.default.fileExists(atPath: path(address)) { return }
        try write("", for: address)
    }

    /// VirtualHere let `address` go (onUnbind), or the daemon detached it.
    public func unbound(_ address: String) {
        unlink(path(address))
    }

    /// Every bound address with the password MD5 it was admitted with (empty when unknown).
    public func entries() -> [String: String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [:] }
        var result: [String: String] = [:]
        for name in names where !name.hasPrefix(".") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            result[name] = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        }
        return result
    }

    /// The bound addresses that no lease in `leases` covers: a binding admitted with a password needs a live lease with that
    /// password (a lease taken since by someone else does not cover it); one made without a password needs any live lease
    /// on the device.
    public static func uncovered(_ entries: [String: String], by leases: [KnownLease]) -> [String] {
        entries.compactMap { address, md5 in
            let live = leases.filter { $0.vhAddress.lowercased() == address.lowercased() }
            let covered = md5.isEmpty ? !live.isEmpty : live.contains { $0.passwordMD5.lowercased() == md5 }
            return covered ? nil : address
        }.sorted()
    }

    private func path(_ address: String) -> String {
        // Addresses are `<host>.<digits>`; anything else is kept out of the path.
        folder + "/" + String(address.lowercased().map { $0.isLetter || $0.isNumber || "-._".contains($0) ? $0 : "_" })
    }

    private func write(_ text: String, for address: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let target = path(address)
        let temporary = target + ".\(getpid()).new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw SlaveConfiguration.Invalid(description: "cannot record the binding of \(address) in \(folder)") }
        // The hooks run as VirtualHere's server does (root): what they write must stay the daemon's to read and remove.
        var owner = stat()
        if stat(PlainText.folder(of: folder), &owner) == 0 {
            _ = chown(folder, owner.st_uid, owner.st_gid)
            _ = chown(temporary, owner.st_uid, owner.st_gid)
        }
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw SlaveConfiguration.Invalid(description: "cannot record the binding of \(address) in \(folder)")
        }
    }
}
