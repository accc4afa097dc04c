#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `POST /api/v1/admin/slaves/enrolment-tokens` returns: the token (shown once) and the command to run on the new box.
public struct EnrolmentTokenIssued: Codable, Hashable, Sendable {
    /// The one-time token.
    public var token: String
    /// When it stops working.
    public var expiresAt: Date
    /// The exact command to run on the slave box. With the site CA served by the master, it pins the CA's fingerprint, and the box
    /// fetches the CA itself; otherwise it names `/etc/ncod/ca.pem`, which must be copied there first.
    public var command: String
    /// The commands to run after it, in order (hand the state folder to the daemon's user, point VirtualHere's hooks at the
    /// daemon, start the daemon).
    public var nextSteps: [String]

    /// Creates an answer.
    public init(token: String, expiresAt: Date, command: String, nextSteps: [String] = []) {
        self.token = token
        self.expiresAt = expiresAt
        self.command = command
        self.nextSteps = nextSteps
    }

    /// What to run after ``command`` on a box set up as `packaging/systemd/README.md` describes.
    public static let standardNextSteps = [
        "sudo chown -R ncod-slaved: /var/lib/ncod-slaved",
        "sudo systemctl stop virtualhere && sudo ncod-slaved vh-config && sudo systemctl start virtualhere",
        "sudo systemctl enable --now ncod-slaved",
    ]
}
