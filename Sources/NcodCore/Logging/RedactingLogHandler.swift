import Foundation
import Logging

/// Wraps any log handler and scrubs credentials from every message and metadata value before they are written: bearer and slave
/// tokens in `Authorization` headers, session cookies, and secret JSON fields. Libraries log request heads at trace level
/// (Vapor's "Decoded HTTP part"), so secrets must be removed where lines are written, not where they are made.
public struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler

    /// Redacts what goes through to `inner`.
    public init(_ inner: any LogHandler) { self.inner = inner }

    /// The inner handler's level.
    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// The inner handler's metadata.
    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    /// One metadata value of the inner handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    /// Scrubs, then hands the line on.
    public func log(event: LogEvent) {
        var event = event
        event.message = "\(Self.scrub(event.message.description))"
        event.metadata = event.metadata?.mapValues(Self.scrub)
        inner.log(event: event)
    }

    /// `text` with credentials replaced by `***`.
    public static func scrub(_ text: String) -> String {
        guard text.contains(where: { $0 == ":" || $0 == "=" || $0 == " " }) else { return text }
        var result = text
        for (pattern, template) in patterns {
            result = pattern.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }

    private static func scrub(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(scrub(text))
        case .stringConvertible(let convertible): .string(scrub(convertible.description))
        case .array(let values): .array(values.map(scrub))
        case .dictionary(let values): .dictionary(values.mapValues(scrub))
        }
    }

    nonisolated(unsafe) private static let patterns: [(NSRegularExpression, String)] = [
        (#"(?i)\b(Bearer|Slave|Basic)\s+[A-Za-z0-9._~+/=-]+"#, "$1 ***"),
        (#"(?i)\b(ncod_session|ncod_csrf)=[^;\s,"]+"#, "$1=***"),
        (
            #"(?i)("(?:password|newPassword|temporaryPassword|refreshToken|accessToken|token|credential|enrolmentSecret|secret)"\s*:\s*)"(?:[^"\\]|\\.)*""#,
            "$1\"***\""
        ),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }
}
