import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The SHA-256 fingerprint of a certificate, as `openssl x509 -noout -fingerprint -sha256` prints it (`AB:CD:…`): what an
/// administrator's enrolment command pins, so that a new box can fetch the site CA from the master and know it is the right one.
public enum CertificateFingerprint {
    /// The fingerprint of the first certificate in `pem`, or `nil` when it holds none.
    public static func sha256(pem: String) -> String? {
        guard let der = firstCertificateDER(pem) else { return nil }
        return PlainText.hex(SHA256.hash(data: der), uppercase: true, separator: ":")
    }

    /// ``sha256(pem:)`` as 64 lower-case hex digits, short enough for one line of a command
    /// (`openssl x509 -outform der -in ca.pem | sha256sum` prints the same).
    public static func compact(_ fingerprint: String) -> String {
        normalised(fingerprint).lowercased()
    }

    /// Whether two fingerprints are the same, whatever their case and separators (`ab:cd…`, `ABCD…`, `SHA256:AB:CD…`).
    public static func same(_ a: String, _ b: String) -> Bool {
        normalised(a) == normalised(b) && !normalised(a).isEmpty
    }

    private static func normalised(_ text: String) -> String {
        var text = text.uppercased()
        if text.hasPrefix("SHA256:") { text.removeFirst(7) }
        if text.hasPrefix("SHA256=") { text.removeFirst(7) }
        return text.filter(\.isHexDigit)
    }

    private static func firstCertificateDER(_ pem: String) -> Data? {
        guard let begin = pem.firstRange(of: "-----BEGIN CERTIFICATE-----"),
            let end = pem[begin.upperBound...].firstRange(of: "-----END CERTIFICATE-----")
        else { return nil }
        let body = pem[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body))
    }
}
