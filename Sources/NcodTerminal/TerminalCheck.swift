#if canImport(Glibc)
    import Glibc
#endif

/// Whether a terminal program has a terminal to draw on: without one (a script, a pipe, cron) it would draw into the void and wait
/// for keys that never come, so it stops at once and says what to use instead.
public enum TerminalCheck {
    /// Why the program stops.
    public struct NotATerminal: Error, CustomStringConvertible, Sendable {
        /// The message.
        public let description: String
    }

    /// Throws ``NotATerminal`` naming `program` and `instead` unless standard input and output are both a terminal.
    public static func require(_ program: String, instead: String) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw NotATerminal(description: "\(program) needs a terminal (standard input and output are not one); \(instead)")
        }
    }
}
