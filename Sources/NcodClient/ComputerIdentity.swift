import Crypto
import Foundation
import NcodCore

/// This computer's own key (``ComputerKey``), kept in the user's config folder: created on first use, the private half readable by the
/// user alone. ncod-tui and the `ncod` command share it, so an administrator approves a computer once.
public struct ComputerIdentity: Sendable {
    /// Why the key cannot be used.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        /// The message.
        public var description: String
    }

    private let privateKey: Curve25519.Signing.PrivateKey
    /// Where the private key lives.
    public let path: String

    /// The public key as the master stores it: base64 of the raw 32 bytes.
    public var publicKey: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// Its fingerprint, as the administrator sees it.
    public var fingerprint: String { ComputerKey.fingerprint(publicKey) }

    /// The key file's usual place: `~/.config/ncod/computer-key`.
    public static func defaultPath(environment: [String: String]) -> String {
        (environment["HOME"] ?? "/tmp") + "/.config/ncod/computer-key"
    }

    /// Loads the key at `path`, creating it (mode 0600, folder 0700) when there is none. Refuses a key others can read.
    public static func loadOrCreate(at path: String) throws -> ComputerIdentity {
        let files = FileManager.default
        if let data = files.contents(atPath: path) {
            let mode = ((try? files.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else {
                throw Problem(description: "the computer key \(path) can be read by others; run: chmod 600 \(path)")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let raw = Data(base64Encoded: text), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
                throw Problem(description: "the computer key \(path) is damaged; move it away to make a new one (an administrator approves it again)")
            }
            return ComputerIdentity(privateKey: key, path: path)
        }
        let key = Curve25519.Signing.PrivateKey()
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard
                files.createFile(
                    atPath: path, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw Problem(description: "cannot write the computer key \(path)") }
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "cannot write the computer key \(path): \(error.localizedDescription)")
        }
        return ComputerIdentity(privateKey: key, path: path)
    }

    /// This computer's claim for `username`, signed over `nonce` (a login, or asking where a request stands).
    public func claim(username: String, nonce: String, hostname: String, macs: [String]) throws -> ComputerClaim {
        let signature = try privateKey.signature(for: ComputerKey.message(username: username, nonce: nonce))
        return ComputerClaim(hostname: hostname, macs: macs, publicKey: publicKey, nonce: nonce, signature: signature.base64EncodedString())
    }

    /// This computer's claim without a signature (registering: the key is recorded, and proven at the first login).
    public func unsignedClaim(hostname: String, macs: [String]) -> ComputerClaim {
        ComputerClaim(hostname: hostname, macs: macs, publicKey: publicKey)
    }

    /// This computer's host name.
    public static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(cString: buffer)
    }
}
