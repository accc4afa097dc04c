import Foundation

/// The master's resident memory, read every 2 s through the measured window: one reading at the end of a run moves too much to
/// compare builds by (the end of two 10,000-slave runs of the same code: 846 and 1,036 MiB, BENCHMARKS.md), the window's median
/// does not.
public struct ResidentSamples: Sendable, Codable, Equatable {
    /// How many readings were taken.
    public var count: Int
    /// The smallest, the median and the largest resident size, in MiB.
    public var minMiB: Double, medianMiB: Double, maxMiB: Double
    /// The median of the anonymous part (the heap and stacks: what grows with connections), in MiB; the rest is pages of files.
    public var anonymousMedianMiB: Double

    /// The figures of `readings` (resident, anonymous), `nil` when there are none.
    init?(_ readings: [(resident: Double, anonymous: Double)]) {
        guard !readings.isEmpty else { return nil }
        let resident = readings.map(\.resident).sorted(), anonymous = readings.map(\.anonymous).sorted()
        count = readings.count
        minMiB = resident[0]
        medianMiB = resident[(resident.count - 1) / 2]
        maxMiB = resident[resident.count - 1]
        anonymousMedianMiB = anonymous[(anonymous.count - 1) / 2]
    }

    /// How often the memory is read.
    static let interval = Duration.seconds(2)

    /// Reads process `pid` every ``interval`` until `deadline`, the first reading at once.
    static func sample(_ pid: Int32, until deadline: ContinuousClock.Instant) async -> ResidentSamples? {
        var readings: [(resident: Double, anonymous: Double)] = []
        var next = ContinuousClock.now
        while next < deadline, !Task.isCancelled {
            if let reading = read(pid) { readings.append(reading) }
            next += interval
            try? await Task.sleep(until: next)
        }
        return ResidentSamples(readings)
    }

    /// Process `pid`'s resident memory and its anonymous part in MiB, from /proc, or `nil` when it cannot be read.
    static func read(_ pid: Int32) -> (resident: Double, anonymous: Double)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func mebibytes(_ field: String) -> Double? {
            status.split(separator: "\n").first { $0.hasPrefix(field) }.flatMap { $0.split(separator: " ").dropFirst().first }
                .flatMap { Double($0) }.map { $0 / 1024 }
        }
        guard let resident = mebibytes("VmRSS:"), let anonymous = mebibytes("RssAnon:") else { return nil }
        return (resident, anonymous)
    }

    /// The result table's line.
    var line: String {
        String(
            format: "master RSS through the window (%d readings, every %d s): median %.1f MiB (%.1f–%.1f), anonymous %.1f", count,
            Int(Self.interval.components.seconds), medianMiB, minMiB, maxMiB, anonymousMedianMiB)
    }
}
