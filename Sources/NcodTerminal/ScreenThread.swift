import Foundation

/// Runs a screen loop on a thread of its own (curses waits for keys, which must not block Swift's concurrent executor) and waits
/// for it to finish: what ncod-tui and ncod-admin both do at start.
public enum ScreenThread {
    /// The result of `body`, run on a new thread called `name`.
    public static func run<Result: Sendable>(named name: String, _ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
