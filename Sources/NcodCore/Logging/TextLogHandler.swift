import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A swift-log handler that writes one line per event for people: `2026-11-27T18:00:00+0000 info ncod.master : port=8443 listening`,
/// as swift-log's stream handler does, with the event's syslog priority in front when the line goes to the journal.
public struct TextLogHandler: LogHandler {
    /// Handler-level metadata.
    public var metadata: Logger.Metadata = [:]
    /// Lowest level written.
    public var logLevel: Logger.Level = .info
    private let label: String
    private let journal: Bool
    private let write: @Sendable (String) -> Void

    /// A handler for `label`; `journal` puts `<N>` priorities in front (see ``JournalPriority``).
    public init(label: String, journal: Bool, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.journal = journal
        self.write = write
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one event.
    public func log(event: LogEvent) {
        var merged = metadata
        for (key, value) in event.metadata ?? [:] { merged[key] = value }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        let line = "\(time) \(event.level) \(label) :" + (fields.isEmpty ? "" : " " + fields) + " \(event.message)"
        write((journal ? JournalPriority.prefix(event.level) : "") + line)
    }
}
