import AsyncHTTPClient
import NIOSSL
import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Fetches the site CA from the master for a box that knows only its fingerprint (the enrolment command carries it).
///
/// The CA is read over TLS without checking the master's certificate, because the box cannot check it yet; what makes it safe
/// is the fingerprint: a CA that does not hash to it is refused, and everything after this is checked against the CA.
public enum PinnedCA {
    /// Why the CA could not be had.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The message.
        public var description: String
    }

    /// The CA certificate (PEM) served at `master`/ca.pem, once its SHA-256 fingerprint is `fingerprint`.
    public static func fetch(master: String, fingerprint: String) async throws -> String {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        tls.minimumTLSVersion = .tlsv12
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let pem = try await fetch(master: master, fingerprint: fingerprint, client: client)
            try? await client.shutdown()
            return pem
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func fetch(master: String, fingerprint: String, client: HTTPClient) async throws -> String {
        let base = master.hasSuffix("/") ? String(master.dropLast()) : master
        let pem: String
        do {
            let response = try await client.execute(HTTPClientRequest(url: base + "/ca.pem"), timeout: .seconds(15))
            guard response.status == .ok else {
                throw Failure(description: "the master serves no CA (\(response.status.code)); copy it to this box and give --ca instead")
            }
            pem = String(buffer: try await response.body.collect(upTo: 1 << 16))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot fetch the CA from \(base)/ca.pem: \(error)")
        }
        guard let actual = CertificateFingerprint.sha256(pem: pem) else {
            throw Failure(description: "\(base)/ca.pem holds no certificate")
        }
        guard CertificateFingerprint.same(actual, fingerprint) else {
            throw Failure(
                description:
                    "the CA from \(base) has fingerprint \(actual), not the \(fingerprint) the command gave: not the site's master, or not its CA; nothing was saved"
            )
        }
        return pem
    }
}
