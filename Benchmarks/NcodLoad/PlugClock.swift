import Foundation

/// When each simulated plug happened, so that an event stream can tell how long the master took to show it.
public actor PlugClock {
    private var plugged: [String: ContinuousClock.Instant] = [:]

    /// An empty clock.
    public init() {}

    /// A device at `vhAddress` was plugged in now (its slave is about to report it).
    public func plug(_ vhAddress: String, at instant: ContinuousClock.Instant) { plugged[vhAddress] = instant }

    /// How long ago the device at `vhAddress` was plugged in, if the clock knows.
    public func since(_ vhAddress: String, now: ContinuousClock.Instant) -> Duration? { plugged[vhAddress].map { now - $0 } }
}
