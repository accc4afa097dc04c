import Foundation

/// What a load run measured.
public struct LoadResult: Sendable, Codable {
    /// One operation's figures; times in milliseconds.
    public struct Figures: Sendable, Codable {
        /// How many were measured.
        public var count: Int
        /// How many a second, over the measured time.
        public var perSecond: Double
        /// Median.
        public var p50: Double
        /// 95th percentile.
        public var p95: Double
        /// 99th percentile.
        public var p99: Double
        /// The slowest.
        public var max: Double
    }

    /// The plan that ran (without secrets).
    public var slaves: Int, devicesPerSlave: Int, clients: Int, streams: Int, reportInterval: Double, churn: Double
    /// Seconds of measured load.
    public var seconds: Double
    /// Figures by operation: `report`, `heartbeat`, `devices.list`, `lease.take`, `lease.renew`, `lease.release`, `plug→event` (each
    /// watching stream's time to show a plug), `plug→first` (each plug's time to its first stream), `kill→offline`.
    public var operations: [String: Figures]
    /// Failures by operation and reason.
    public var failures: [String: Int]
    /// Event streams open at the end.
    public var streamsOpen: Int
    /// Events received on all streams.
    public var eventsReceived: Int
    /// The master's resident memory at the end, in MiB, when its process id was given.
    public var masterRSSMiB: Double?
    /// The master's resident memory read every 2 s through the window, when its process id was given.
    public var masterRSSWindow: ResidentSamples?
    /// Slaves killed, and how many of them a stream showed offline before the end.
    public var killed = 0, killedSeenOffline = 0
    /// Slaves never killed that a stream showed offline: false offlines.
    public var falseOffline = 0
    /// Plugs simulated in the window (each timed once per watching stream in `plug→event`, once in `plug→first`).
    public var plugs = 0
    /// CPU time (user and system) the master process used during the measured window, in seconds (with `masterPID`).
    public var masterCPUSeconds: Double?
    /// The master's own timing of the takes it granted in the window (with a metrics token).
    public var masterTakes: MasterTakeTimes?

    /// Requests answered during the window: every operation but the timings that are not requests (`plug→event`, `kill→offline`).
    public var requests: Int { operations.filter { !$0.key.contains("→") }.values.reduce(0) { $0 + $1.count } }

    /// The result as a table for people.
    public var table: String {
        var lines = [
            "ncod load: \(slaves) slaves × \(devicesPerSlave) devices, \(clients) clients, \(streams) event streams, "
                + "report interval \(reportInterval == 0 ? "none (closed loop)" : "\(reportInterval) s"), churn \(churn), \(String(format: "%.1f", seconds)) s",
            "operation          count      /s      p50 ms   p95 ms   p99 ms   max ms",
        ]
        for name in operations.keys.sorted() {
            let f = operations[name]!
            lines.append(
                name.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(format: "%8d %8.1f %9.2f %8.2f %8.2f %8.2f", f.count, f.perSecond, f.p50, f.p95, f.p99, f.max))
        }
        lines.append("streams open at the end: \(streamsOpen); events received: \(eventsReceived); plugs simulated: \(plugs)")
        if let masterRSSWindow { lines.append(masterRSSWindow.line) }
        if let masterRSSMiB { lines.append(String(format: "master RSS at the end: %.1f MiB", masterRSSMiB)) }
        if let masterCPUSeconds, requests > 0 {
            lines.append(
                String(
                    format: "master CPU in the window: %.2f s (%.0f %% of a core), %.3f ms per request answered (%d)", masterCPUSeconds,
                    100 * masterCPUSeconds / seconds, 1000 * masterCPUSeconds / Double(requests), requests))
        }
        if let masterTakes { lines.append(masterTakes.line) }
        lines.append("slaves killed: \(killed), seen offline: \(killedSeenOffline); slaves never killed seen offline: \(falseOffline)")
        lines.append(
            failures.isEmpty
                ? "failures: none" : "failures: " + failures.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
