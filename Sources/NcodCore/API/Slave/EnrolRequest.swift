/// Body of `POST /api/v1/slaves/enrol`: a new slave proves it may join with the site's enrolment secret
/// or with a one-time token an administrator issued.
public struct EnrolRequest: Codable, Hashable, Sendable {
    /// The slave's name (by default its host name); unique in the fleet.
    public var name: String
    /// The site-wide enrolment secret (keys/generated/enrolment-secret).
    public var enrolmentSecret: String?
    /// A one-time token from `POST /api/v1/admin/slaves/enrolment-tokens`.
    public var token: String?

    /// Creates a request.
    public init(name: String, enrolmentSecret: String? = nil, token: String? = nil) {
        self.name = name
        self.enrolmentSecret = enrolmentSecret
        self.token = token
    }
}
