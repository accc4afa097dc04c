import Crypto
import Foundation
import JWTKit
import NIOSSL
import NcodCore

/// The TLS certificate and key, and the token signing key, read and checked before anything listens.
public struct KeyMaterial: Sendable {
    /// Certificate chain served to clients, leaf first.
    public var certificateChain: [NIOSSLCertificate]
    /// Private key of the leaf certificate.
    public var tlsKey: NIOSSLPrivateKey
    /// Ed25519 key that signs and verifies access tokens.
    public var jwtSigningKey: EdDSA.PrivateKey
    /// The slave enrolment secret; `nil` when its file is absent (then only one-time tokens enrol slaves).
    public var enrolmentSecret: String?
    /// The token `GET /metrics` requires; `nil` when its file is absent (then the endpoint is off).
    public var metricsToken: String?
    /// The key the web forms' CSRF tokens are signed with: derived from the JWT signing key, so that every master of a fleet
    /// (which shares the keys folder) accepts the others' forms.
    public var csrfKey: SymmetricKey
    /// The site CA certificate (PEM), when its file exists: served to new boxes, which pin its fingerprint.
    public var caCertificatePEM: String?
    /// The key the audit chain's seals are made with: derived from the JWT signing key (kept in the keys folder, not the
    /// database), so every master of a fleet seals alike and `ncod-master audit verify` checks with the same folder.
    public var auditKey: SymmetricKey

    /// Loads the files named by `configuration`; any problem is a one-line ``StartupError``.
    public static func load(_ configuration: MasterConfiguration) throws -> KeyMaterial {
        let certificatePEM = try read(configuration.tlsCertificatePath, purpose: "TLS certificate", secret: false)
        let keyPEM = try read(configuration.tlsKeyPath, purpose: "TLS private key", secret: true)
        let jwtPEM = try read(configuration.jwtSigningKeyPath, purpose: "JWT signing key", secret: true)
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw StartupError.unusableKeyFile(path: configuration.tlsCertificatePath, reason: "not a PEM certificate")
        }
        guard !chain.isEmpty else {
            throw StartupError.unusableKeyFile(path: configuration.tlsCertificatePath, reason: "holds no certificate")
        }
        let tlsKey: NIOSSLPrivateKey
        do {
            tlsKey = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        } catch {
            throw StartupError.unusableKeyFile(path: configuration.tlsKeyPath, reason: "not a PEM private key")
        }
        let jwtKey: EdDSA.PrivateKey
        do {
            jwtKey = try EdDSA.PrivateKey(pem: jwtPEM)
        } catch {
            throw StartupError.unusableKeyFile(path: configuration.jwtSigningKeyPath, reason: "not a PEM Ed25519 private key")
        }
        return KeyMaterial(
            certificateChain: chain, tlsKey: tlsKey, jwtSigningKey: jwtKey,
            enrolmentSecret: try optionalSecret(configuration.enrolmentSecretPath, purpose: "slave enrolment secret"),
            metricsToken: try optionalSecret(configuration.metricsTokenPath, purpose: "metrics token"),
            csrfKey: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data(jwtPEM.utf8)), info: Data("ncod web form CSRF tokens".utf8), outputByteCount: 32),
            caCertificatePEM: try caCertificate(configuration.caCertificatePath),
            auditKey: HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: Data(jwtPEM.utf8)), info: Data("ncod audit chain".utf8), outputByteCount: 32))
    }

    /// The CA certificate at `path`, or `nil` when there is no file; a file without a certificate stops the master.
    static func caCertificate(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let pem = try read(path, purpose: "site CA certificate", secret: false)
        guard CertificateFingerprint.sha256(pem: pem) != nil else {
            throw StartupError.unusableKeyFile(path: path, reason: "holds no PEM certificate")
        }
        return pem
    }

    /// A secret of at least 16 characters from `path`, or `nil` when the file does not exist.
    static func optionalSecret(_ path: String, purpose: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let secret = try read(path, purpose: purpose, secret: true).trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.count >= 16 else { throw StartupError.unusableKeyFile(path: path, reason: "the \(purpose) is shorter than 16 characters") }
        return secret
    }

    /// Reads a PEM file; a secret must not be readable by group or others.
    static func read(_ path: String, purpose: String, secret: Bool) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StartupError.missingKeyFile(path: path, purpose: purpose) }
        if secret, info.st_mode & 0o077 != 0 {
            throw StartupError.insecureKeyFile(path: path, mode: String(info.st_mode & 0o777, radix: 8))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError.unusableKeyFile(path: path, reason: "cannot read it (permissions?)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
