/// Cuts a byte stream into newline-terminated lines (newline-delimited JSON), as chunks of it arrive, refusing a line longer
/// than ``maxLength``.
public struct LineSplitter: Sendable {
    /// The longest line taken, newline excluded.
    public let maxLength: Int
    private var pending: [UInt8] = []
    /// Set once a line longer than ``maxLength`` arrived; nothing more is taken.
    public private(set) var overflowed = false

    /// A splitter of lines up to `maxLength` bytes.
    public init(maxLength: Int) { self.maxLength = maxLength }

    /// Adds `bytes` and returns the lines they completed, in order, without their newlines (an empty line is skipped).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [[UInt8]] {
        guard !overflowed else { return [] }
        var lines: [[UInt8]] = []
        var start = 0
        while let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if pending.isEmpty {
                take(Array(piece), into: &lines)
            } else {
                pending.append(contentsOf: piece)
                take(pending, into: &lines)
                pending.removeAll(keepingCapacity: true)
            }
            if overflowed { return lines }
            start = end + 1
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start...]))
        if pending.count > maxLength {
            overflowed = true
            pending = []
        }
        return lines
    }

    /// The same for an array of bytes.
    public mutating func feed(_ bytes: [UInt8]) -> [[UInt8]] { bytes.withUnsafeBytes { feed($0) } }

    private mutating func take(_ line: [UInt8], into lines: inout [[UInt8]]) {
        var line = line
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.count > maxLength {
            overflowed = true
            pending = []
        } else if !line.isEmpty {
            lines.append(line)
        }
    }
}
