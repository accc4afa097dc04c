import Foundation
import NcodCore
import Vapor

/// Decodes request bodies with `base`, but first refuses any body whose text holds a NUL character (U+0000) with a 400 problem.
///
/// PostgreSQL cannot store NUL in text and fails the whole statement, and no field of the API has a use for it. Refusing it where
/// bodies are read keeps both backends alike and turns what would be a 500 deep in a query into a clear answer.
struct NULRefusingDecoder: ContentDecoder {
    /// How a body can carry NUL: JSON only as the escape `\u0000` in a string, URL-encoded forms only as `%00`.
    enum Format: Sendable {
        /// `application/json`.
        case json
        /// `application/x-www-form-urlencoded`.
        case urlEncodedForm
    }

    let base: any ContentDecoder
    let format: Format

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try refuseNUL(body)
        return try base.decode(D.self, from: body, headers: headers)
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable])
        throws -> D
    {
        try refuseNUL(body)
        return try base.decode(D.self, from: body, headers: headers, userInfo: userInfo)
    }

    private func refuseNUL(_ body: ByteBuffer) throws {
        let bytes = Data(buffer: body, byteTransferStrategy: .noCopy)
        let found = format == .json ? Self.jsonHoldsNUL(bytes) : Self.formHoldsNUL(bytes)
        if found { throw Self.problem("the request body") }
    }

    /// The problem that refuses a NUL character in `place`.
    static func problem(_ place: String) -> Problem {
        Problem(
            status: 400, code: "invalid_request", title: "Bad Request",
            detail: "\(place) holds a NUL character (U+0000), which no field accepts")
    }

    /// Whether a JSON text holds `\u0000` inside a string (and not an escaped backslash followed by `u0000`).
    static func jsonHoldsNUL(_ bytes: Data) -> Bool {
        guard bytes.range(of: Data("u0000".utf8)) != nil else { return false }  // the usual case, decided by one fast search
        var inString = false
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                inString.toggle()
            } else if inString, byte == UInt8(ascii: "\\") {
                let escaped = bytes.index(after: index)
                guard escaped != bytes.endIndex else { return false }
                if bytes[escaped] == UInt8(ascii: "u"),
                    bytes[bytes.index(after: escaped)...].prefix(4).elementsEqual("0000".utf8)
                {
                    return true
                }
                index = escaped  // skip the escaped character, so `\\` and `\"` do not count
            }
            index = bytes.index(after: index)
        }
        return false
    }

    /// Whether a URL-encoded text (a form body or a query string) holds `%00`.
    static func formHoldsNUL(_ bytes: Data) -> Bool {
        bytes.range(of: Data("%00".utf8)) != nil
    }
}
