#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a terminal program says about the computer it runs on: its name, its physical MAC addresses and its key, with a signature
/// over the master's challenge that proves the key (``ComputerKey``).
public struct ComputerClaim: Codable, Hashable, Sendable {
    /// The computer's host name, as people know it (`laptop-sq`).
    public var hostname: String
    /// Its physical network interfaces' MAC addresses.
    public var macs: [String]
    /// Its Ed25519 public key, base64 of the raw 32 bytes.
    public var publicKey: String
    /// The nonce of a ``LoginChallenge`` from the master; `nil` when registering (the key is then only recorded).
    public var nonce: String?
    /// Base64 Ed25519 signature over ``ComputerKey/message(username:nonce:)``.
    public var signature: String?

    /// Creates a claim.
    public init(hostname: String, macs: [String], publicKey: String, nonce: String? = nil, signature: String? = nil) {
        self.hostname = hostname
        self.macs = macs
        self.publicKey = publicKey
        self.nonce = nonce
        self.signature = signature
    }
}
