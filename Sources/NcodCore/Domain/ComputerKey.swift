import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A computer's own Ed25519 key, the proof (beside its MAC addresses) that a login comes from the computer an administrator approved.
///
/// The terminal programs create the key pair on first use and keep the private half in the user's config folder; the master stores the
/// public half with the computer's approval and checks a signature over a challenge it issued (``LoginChallenge``) at every login.
public enum ComputerKey {
    /// The bytes a computer signs: a fixed label, the username (lower-cased) and the master's nonce, one per line.
    public static func message(username: String, nonce: String) -> Data {
        Data("ncod-computer-login\n\(username.trimmingSpaces().lowercased())\n\(nonce)".utf8)
    }

    /// Whether `signature` (base64) over ``message(username:nonce:)`` was made by `publicKey` (base64 of the raw 32 bytes).
    public static func verify(publicKey: String, signature: String, username: String, nonce: String) -> Bool {
        guard let key = Data(base64Encoded: publicKey), let signature = Data(base64Encoded: signature),
            let verifier = try? Curve25519.Signing.PublicKey(rawRepresentation: key)
        else { return false }
        return verifier.isValidSignature(signature, for: message(username: username, nonce: nonce))
    }

    /// Whether `publicKey` is the base64 of a raw Ed25519 public key.
    public static func isWellFormed(_ publicKey: String) -> Bool {
        guard let key = Data(base64Encoded: publicKey) else { return false }
        return (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil
    }

    /// The key's fingerprint as people compare it: `SHA256:` and the unpadded base64 of its digest, like OpenSSH's.
    public static func fingerprint(_ publicKey: String) -> String {
        let digest = Data(SHA256.hash(data: Data(base64Encoded: publicKey) ?? Data(publicKey.utf8)))
        return "SHA256:" + digest.base64EncodedString().replacing("=", with: "")
    }

    /// The first characters of ``fingerprint(_:)``, enough to tell two computers apart on one line.
    public static func shortFingerprint(_ publicKey: String) -> String {
        String(fingerprint(publicKey).prefix(19))
    }
}
