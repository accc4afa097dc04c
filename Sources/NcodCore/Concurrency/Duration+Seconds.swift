extension Duration {
    /// This duration in seconds, with its fraction: for gauges, health reports and benchmark tables.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// This duration in milliseconds, with its fraction.
    public var inMilliseconds: Double { inSeconds * 1000 }
}
