/// Capped exponential backoff with jitter: 1 s, 2 s, 4 s … up to a cap, each randomly shortened by up to a fifth
/// so a fleet that lost its master together does not return together.
public struct Backoff: Sendable, Equatable {
    /// First delay in seconds.
    public var initial: Double
    /// Largest delay in seconds.
    public var cap: Double
    /// Failures in a row so far.
    public private(set) var failures = 0

    /// The cap when nothing shorter applies.
    public static let defaultCap: Double = 60

    /// A backoff from `initial` up to `cap` seconds.
    public init(initial: Double = 1, cap: Double = Backoff.defaultCap) {
        self.initial = initial
        self.cap = cap
    }

    /// Counts a failure and returns how long to wait, `random` in 0...1 choosing the jitter.
    public mutating func next(random: Double = Double.random(in: 0...1)) -> Double {
        let base = min(cap, initial * Double(1 << min(failures, 30)))
        failures += 1
        return base * (1 - 0.2 * random)
    }

    /// Forgets the failures after a success.
    public mutating func reset() { failures = 0 }
}
