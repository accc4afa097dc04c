/// One server-sent event as `GET /api/v1/events` writes it: the `id:`, `event:` and `data:` lines of a block ended by a blank line.
public struct SSEFrame: Equatable, Sendable {
    /// The `id:` line, which a reconnecting client sends back as `Last-Event-ID`.
    public var id: String?
    /// The `event:` line; `message` when there is none.
    public var event: String
    /// The `data:` lines, joined.
    public var data: String

    /// The frame in `block`, or nil for a block that carries no id, event or data (a `:` comment, a `retry:` alone). A block with
    /// only an `id:` (the stream's opening) is a frame with empty data: it moves the id to resume from, and is no event.
    public init?(block: String) {
        var id: String?
        var event: String?
        var data: String?
        for line in block.split(separator: "\n") {
            if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
            if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data = (data ?? "") + line.dropFirst(6) }
        }
        guard id != nil || event != nil || data != nil else { return nil }
        self.id = id
        self.event = event ?? "message"
        self.data = data ?? ""
    }

    /// Cuts a stream's text into blocks as its chunks arrive, keeping an unfinished block for the next chunk.
    public struct Splitter: Sendable {
        private var pending = ""

        /// An empty splitter.
        public init() {}

        /// Adds `text` and returns the blocks it completed, in order.
        public mutating func feed(_ text: String) -> [String] {
            pending += text
            var blocks: [String] = []
            while let end = pending.range(of: "\n\n") {
                blocks.append(String(pending[..<end.lowerBound]))
                pending = String(pending[end.upperBound...])
            }
            return blocks
        }
    }
}
