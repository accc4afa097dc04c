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

    /// `text` with credentials replaced by `***` (``CredentialScrubber`` says which).
    public static func scrub(_ text: String) -> String {
        guard text.contains(where: { $0 == ":" || $0 == "=" || $0 == " " }) else { return text }
        return CredentialScrubber.scrub(text)
    }

    private static func scrub(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(scrub(text))
        case .stringConvertible(let convertible): .string(scrub(convertible.description))
        case .array(let values): .array(values.map(scrub))
        case .dictionary(let values): .dictionary(values.mapValues(scrub))
        }
    }
}
