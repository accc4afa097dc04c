import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A swift-log handler that writes one JSON object per line, for journald and log shippers.
///
/// Each line has `ts` (ISO 8601 with milliseconds), `level`, `logger`, `msg`, `source`, and the merged metadata
/// flattened to strings:
/// `{"level":"info","logger":"ncod.master","msg":"listening","port":"8443","ts":"2026-11-21T18:00:00.000Z"}`
public struct JSONLogHandler: LogHandler {
    /// Handler-level metadata.
    public var metadata: Logger.Metadata = [:]
    /// Lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let journal: Bool
    private let write: @Sendable (String) -> Void

    /// A handler for `label` writing lines with `write` (standard error by default); `journal` puts `<N>` priorities in front
    /// (see ``JournalPriority``).
    public init(label: String, journal: Bool = false, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.journal = journal
        self.write = write
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        StandardError.print(line + "\n")
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one event.
    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata { fields[key] = Self.flatten(value) }
        for (key, value) in event.metadata ?? [:] { fields[key] = Self.flatten(value) }
        if let error = event.error { fields["error"] = String(describing: error) }
        fields["ts"] = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["msg"] = event.message.description
        fields["source"] = event.source
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return }
        write((journal ? JournalPriority.prefix(event.level) : "") + String(decoding: data, as: UTF8.self))
    }

    private static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }
}
