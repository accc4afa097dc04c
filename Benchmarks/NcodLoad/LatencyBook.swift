import Foundation
import Histogram

/// Latencies by operation (HdrHistogram, microseconds, 3 significant digits) and failures by operation and reason.
public actor LatencyBook {
    private var histograms: [String: Histogram<UInt64>] = [:]
    private var failures: [String: Int] = [:]

    /// An empty book.
    public init() {}

    /// Records one `operation` that took `duration`.
    public func record(_ operation: String, _ duration: Duration) {
        let micros = UInt64(max(1, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000))
        _ = histograms[operation, default: Histogram(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)]
            .record(min(micros, 600_000_000))
    }

    /// Counts a failed `operation`, by `reason` (an HTTP status or a problem code).
    public func fail(_ operation: String, _ reason: String) {
        failures[operation + " " + reason, default: 0] += 1
    }

    /// The figures of every operation, over `seconds` of load.
    public func summary(seconds: Double) -> [String: LoadResult.Figures] {
        histograms.mapValues { histogram in
            LoadResult.Figures(
                count: Int(histogram.totalCount), perSecond: Double(histogram.totalCount) / max(seconds, 0.001),
                p50: Self.ms(histogram.valueAtPercentile(50)), p95: Self.ms(histogram.valueAtPercentile(95)),
                p99: Self.ms(histogram.valueAtPercentile(99)), max: Self.ms(histogram.max))
        }
    }

    /// The failures so far.
    public var failureCounts: [String: Int] { failures }

    private static func ms(_ micros: UInt64) -> Double { (Double(micros) / 10).rounded() / 100 }
}
