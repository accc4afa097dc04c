import AsyncHTTPClient
import Foundation

/// The master's own timing of the lease takes it granted in the window (`ncod_lease_wait_seconds{outcome="granted"}`, read from
/// its metrics at both ends): beside the harness's figure, what the master spent and what the harness's side of the wire added.
public struct MasterTakeTimes: Codable, Sendable, Equatable {
    /// Takes granted in the window.
    public var total: Int
    /// How many took at most each bucket's bound, keyed by the bound in milliseconds (the master's buckets: "1" … "2500").
    public var within: [String: Int]

    /// The histogram's cumulative counts by upper bound in seconds (`+Inf` as infinity), from a metrics page.
    static func buckets(in page: String) -> [Double: Int] {
        var counts: [Double: Int] = [:]
        for line in page.split(separator: "\n") where line.hasPrefix("ncod_lease_wait_seconds_bucket{") && line.contains("outcome=\"granted\"") {
            guard let bound = line.firstMatch(of: /le="([^"]+)"/)?.output.1, let count = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            counts[bound == "+Inf" ? .infinity : Double(bound) ?? .nan] = Int(count)
        }
        return counts
    }

    /// What happened between two readings of the buckets.
    init?(from start: [Double: Int], to end: [Double: Int]) {
        guard let all = end[.infinity] else { return nil }
        total = all - (start[.infinity] ?? 0)
        within = [:]
        for (bound, count) in end where bound.isFinite {
            within[String(Int((bound * 1000).rounded()))] = count - (start[bound] ?? 0)
        }
    }

    /// The master's metrics page, read with `token`; `nil` when it cannot be read.
    static func read(_ http: HTTPClient, master: String, token: String) async -> [Double: Int]? {
        var request = HTTPClientRequest(url: master + "/metrics")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        guard let response = try? await http.execute(request, timeout: .seconds(30)), response.status == .ok,
            let body = try? await response.body.collect(upTo: 16 << 20)
        else { return nil }
        return buckets(in: String(buffer: body))
    }

    /// One line for the table: the share within 100 ms, and the counts at 10, 25, 100 and 250 ms.
    var line: String {
        let share = total > 0 ? 100 * Double(within["100"] ?? 0) / Double(total) : 0
        let steps = [10, 25, 100, 250].map { "\(within[String($0)] ?? 0) within \($0) ms" }.joined(separator: ", ")
        return String(format: "the master's own timing of the takes it granted: %d, %.1f %% within 100 ms (", total, share) + steps + ")"
    }
}
