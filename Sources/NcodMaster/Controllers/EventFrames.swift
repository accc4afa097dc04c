import NcodCore
import Synchronization

/// The SSE frames of recent events, each made once and shared by every open stream: an event reaches up to two shapes (whole, and
/// without whose lease it is), and with 2,000 streams each would otherwise be encoded to JSON 2,000 times.
final class EventFrames: Sendable {
    private struct Key: Hashable {
        let id: Int64
        let anonymous: Bool
    }

    private let frames = Mutex<[Key: String]>([:])
    /// Frames kept: the newest events'; a stream that lags further behind makes its own.
    private let capacity: Int

    /// Keeps the frames of about the last `capacity` events.
    init(capacity: Int = 256) { self.capacity = capacity }

    /// The frame of `event`, which ``EventController/scoped(_:for:)`` gave; `anonymous` when it took the holder out.
    func frame(_ event: ChangeEvent, anonymous: Bool) -> String {
        let key = Key(id: event.id, anonymous: anonymous)
        if let frame = frames.withLock({ $0[key] }) { return frame }
        let frame = EventController.frame(event)
        frames.withLock { frames in
            frames[key] = frame
            if frames.count > 2 * capacity {
                let newest = frames.keys.map(\.id).max() ?? 0
                frames = frames.filter { $0.key.id > newest - Int64(capacity) }
            }
        }
        return frame
    }
}
