import Crypto
import Foundation
import NcodCore
import Synchronization

/// Issues the nonces computers sign when they log in or ask where their request stands (``ComputerKey``), and takes each back once.
///
/// A nonce is `<expiry>.<random>.<HMAC>`: any master of a fleet holding the same keys accepts it, so no table is needed. Each master
/// remembers the nonces redeemed on it until they expire; a replay to another master within those two minutes would still need the
/// password, which a login sends anyway.
final class ComputerChallenges: Sendable {
    /// How long a nonce is accepted.
    static let lifetime: TimeInterval = 120

    private let key: SymmetricKey
    private let redeemed = Mutex<[String: Date]>([:])

    /// Challenges signed with a key derived from `siteKey` (the key CSRF tokens are signed with), for this purpose only.
    init(siteKey: SymmetricKey) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: siteKey, info: Data("ncod computer challenge".utf8), outputByteCount: 32)
    }

    /// A new challenge, good until ``lifetime`` after `now`.
    func issue(now: Date) -> LoginChallenge {
        let expiry = now.addingTimeInterval(Self.lifetime)
        let random = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let body = "\(Int(expiry.timeIntervalSince1970)).\(random)"
        return LoginChallenge(nonce: body + "." + mac(body), expiresAt: expiry)
    }

    /// Whether `nonce` is one of ours, unexpired and not redeemed before on this master; it is redeemed by this call.
    func redeem(_ nonce: String, now: Date) -> Bool {
        let parts = nonce.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, nonce.count < 200, let expiry = TimeInterval(parts[0]), now.timeIntervalSince1970 <= expiry else { return false }
        let body = "\(parts[0]).\(parts[1])"
        guard SecretHash.equalInConstantTime(String(parts[2]), mac(body)) else { return false }
        return redeemed.withLock { redeemed in
            if redeemed.count > 10_000 { redeemed = redeemed.filter { $0.value > now } }
            guard redeemed[nonce] == nil else { return false }
            redeemed[nonce] = Date(timeIntervalSince1970: expiry)
            return true
        }
    }

    private func mac(_ body: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)).base64EncodedString()
    }
}
