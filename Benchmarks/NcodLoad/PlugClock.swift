import Foundation

/// When each simulated plug happened, so that an event stream can tell how long the master took to show it; and how many plugs
/// there were, which is not how many (plug, stream) timings there are when many streams watch.
public actor PlugClock {
    private var plugged: [String: ContinuousClock.Instant] = [:]
    private var unseen: Set<String> = []
    /// Plugs simulated so far.
    public private(set) var plugs = 0

    /// An empty clock.
    public init() {}

    /// A device at `vhAddress` was plugged in now (its slave is about to report it).
    public func plug(_ vhAddress: String, at instant: ContinuousClock.Instant) {
        plugged[vhAddress] = instant
        unseen.insert(vhAddress)
        plugs += 1
    }

    /// How long ago the device at `vhAddress` was plugged in, if the clock knows, and whether this is the first stream to show
    /// this plug.
    public func seen(_ vhAddress: String, now: ContinuousClock.Instant) -> (latency: Duration, first: Bool)? {
        guard let instant = plugged[vhAddress] else { return nil }
        return (now - instant, unseen.remove(vhAddress) != nil)
    }
}
