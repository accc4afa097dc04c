import Crypto
import Foundation

/// Hex SHA-256 for high-entropy secrets (refresh tokens, slave credentials, enrolment tokens), with a constant-time check.
/// Passwords use bcrypt instead; these secrets are random and long, so a fast hash is enough and keeps per-request checks cheap.
enum SecretHash {
    /// Lower-case hex SHA-256 of `secret`.
    static func hex(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let digest = SHA256.hash(data: Data(secret.utf8))
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            for (index, byte) in digest.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0f)]
            }
            return SHA256.byteCount * 2
        }
    }

    /// Whether `secret` hashes to `hash`, compared in constant time.
    static func matches(_ secret: String, hash: String) -> Bool {
        equalInConstantTime(hex(secret), hash)
    }

    /// Compares two strings without stopping at the first difference.
    static func equalInConstantTime(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
