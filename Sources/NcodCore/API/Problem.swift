/// The body of every error the master returns: RFC 9457 `application/problem+json`,
/// with a stable machine-readable ``code`` clients branch on.
///
/// ```json
/// {"type":"https://ncod.dev/problems/not-found","title":"Not Found","status":404,
///  "code":"not_found","detail":"no route for GET /nope"}
/// ```
public struct Problem: Codable, Hashable, Sendable, Error {
    /// The media type of a problem body.
    public static let mediaType = "application/problem+json"

    /// A URI naming the kind of problem.
    public var type: String
    /// A short summary of the kind, the same for every occurrence.
    public var title: String
    /// The HTTP status code.
    public var status: Int
    /// A stable snake_case code, e.g. `not_found`, `invalid_request`, `device_busy`.
    public var code: String
    /// What went wrong this time, in words a person understands.
    public var detail: String?
    /// Per-field messages for a request body that failed validation.
    public var fields: [String: String]?
    /// An administrator's own words behind a refusal (why an account was rejected or disabled, a computer revoked), for clients to
    /// show as they are, in any language.
    public var reason: String?
    /// ``detail`` in Simplified Chinese, when the code that refused knows it; the master sends it instead to a client that asks for
    /// Chinese (`Accept-Language: zh`). Not part of the document itself.
    public var chineseDetail: String?
    /// ``fields`` in Simplified Chinese, likewise.
    public var chineseFields: [String: String]?

    private enum CodingKeys: String, CodingKey {
        case type, title, status, code, detail, fields, reason
    }

    /// Creates a problem; `type` defaults to a URI derived from `code`.
    public init(status: Int, code: String, title: String, detail: String? = nil, fields: [String: String]? = nil, type: String? = nil) {
        self.type = type ?? "https://ncod.dev/problems/" + code.replacingUnderscores()
        self.title = title
        self.status = status
        self.code = code
        self.detail = detail
        self.fields = fields
    }
}

extension Problem {
    /// A problem whose detail and field messages are given in both languages.
    public init(status: Int, code: String, title: String, detail: Message, fields: [String: Message]? = nil) {
        self.init(status: status, code: code, title: title, detail: detail.english, fields: fields?.mapValues(\.english))
        chineseDetail = detail.chinese
        chineseFields = fields?.mapValues(\.chinese)
    }

    /// This problem as a client reading `language` should see it: the Chinese detail and field messages when there are any.
    public func localized(to language: Language) -> Problem {
        guard language == .simplifiedChinese else { return self }
        var copy = self
        if let chineseDetail { copy.detail = chineseDetail }
        if let chineseFields { copy.fields = chineseFields }
        return copy
    }

    /// This problem with the administrator's words `reason` attached.
    public func with(reason: String?) -> Problem {
        var copy = self
        copy.reason = reason
        return copy
    }

    /// A 422 `validation_failed` problem about one field.
    public static func invalidField(_ field: String, _ message: String, title: String = "Invalid Request") -> Problem {
        Problem(status: 422, code: "validation_failed", title: title, detail: message, fields: [field: message])
    }

    /// A 422 `validation_failed` problem about one field, in both languages.
    public static func invalidField(_ field: String, _ message: Message, title: String = "Invalid Request") -> Problem {
        Problem(status: 422, code: "validation_failed", title: title, detail: message, fields: [field: message])
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
