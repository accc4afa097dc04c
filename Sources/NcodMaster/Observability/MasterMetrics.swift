import Foundation
import NcodCore
import NcodStore
import Prometheus
import Synchronization

/// The master's Prometheus metrics, one registry per application (so tests in one process never mix them).
/// `serve` also hands this registry to swift-metrics, so Vapor's own request metrics appear beside these.
final class MasterMetrics: Sendable {
    /// Everything `GET /metrics` shows.
    let registry: PrometheusCollectorRegistry

    /// A registry with the metrics made once.
    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        linkHeartbeats = registry.makeCounter(
            name: "ncod_link_heartbeats_total", help: "Lines received on slaves' links: heartbeats and unchanged reports (written once a second, all links together)")
    }
    /// Requests being served now (each may hold a database connection).
    let requestsInFlight = Atomic<Int>(0)

    private let reportBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    ]
    private let leaseBuckets: [Duration] = [
        .seconds(10), .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(4 * 3600),
        .seconds(8 * 3600), .seconds(24 * 3600),
    ]

    /// A report went through `outcome` (`accepted`, or the problem code that refused it) in `duration`.
    func reportIngested(outcome: String, duration: Duration) {
        reports(outcome).increment()
        registry.makeDurationHistogram(
            name: "ncod_report_ingest_seconds", labels: [("outcome", outcome)], buckets: reportBuckets,
            help: "Time to check and apply one slave report"
        ).record(duration)
    }

    /// The unchanged reports of one write of the links' beats: `confirmed` taken (counted as `unchanged`), `wanted` answered with
    /// a request for a full report (`full_report_wanted`).
    func unchangedReports(confirmed: Int, wanted: Int) {
        if confirmed > 0 { reports("unchanged").increment(by: Int64(confirmed)) }
        if wanted > 0 { reports("full_report_wanted").increment(by: Int64(wanted)) }
    }

    /// `ncod_reports_total` for `outcome` (the registry returns the same counter for the same labels).
    private func reports(_ outcome: String) -> Counter {
        registry.makeCounter(name: "ncod_reports_total", labels: [("outcome", outcome)], help: "Slave reports received, by outcome")
    }

    /// Someone asked for a lease and was answered (`granted`, or the problem code) after `duration`.
    func leaseRequested(outcome: String, duration: Duration) {
        registry.makeDurationHistogram(
            name: "ncod_lease_wait_seconds", labels: [("outcome", outcome)], buckets: reportBuckets,
            help: "Time from a lease request to its answer"
        ).record(duration)
    }

    /// A login or token was refused for `reason` (`failed`, `throttled`, `invalid_token`, a refusal code…).
    func authenticationFailed(reason: String) {
        registry.makeCounter(name: "ncod_auth_failures_total", labels: [("reason", reason)], help: "Refused logins and tokens, by reason")
            .increment()
    }

    /// An event stream opened (`+1`) or closed (`-1`).
    func eventStreams(_ change: Int) {
        registry.makeGauge(name: "ncod_event_stream_clients", help: "Open event streams (ncod-tui and ncod-admin clients)")
            .increment(by: Double(change))
    }

    /// A slave's link opened (`+1`) or closed (`-1`).
    func slaveLinks(_ change: Int) {
        registry.makeGauge(name: "ncod_slave_links", help: "Open slave links (heartbeats as lines of one long-lived request)")
            .increment(by: Double(change))
    }

    /// A heartbeat request was answered with `outcome` (`accepted`, `stale_session`, `replayed_report`) after `duration`.
    func heartbeat(outcome: String, duration: Duration) {
        registry.makeDurationHistogram(
            name: "ncod_heartbeat_seconds", labels: [("outcome", outcome)], buckets: reportBuckets,
            help: "Slave heartbeats sent as requests and the time to write each"
        ).record(duration)
    }

    /// Heartbeats received on slaves' links (counted as they arrive; they are written once a second, and a refusal ends the link).
    /// Made once: a link's beat is cheap enough that looking the counter up in the registry would be a good part of it.
    let linkHeartbeats: Counter

    /// ``HeartbeatBatcher`` wrote `count` beats in one statement.
    func heartbeatBatch(_ count: Int) {
        registry.makeValueHistogram(
            name: "ncod_heartbeat_batch_size", buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
            help: "Heartbeats written to the database by one statement"
        ).record(Double(count))
    }

    /// A connection was refused by the ``ConnectionGate`` for `reason` before TLS.
    func connectionRefused(reason: ConnectionGate.Refusal) {
        registry.makeCounter(
            name: "ncod_connections_refused_total", labels: [("reason", reason.rawValue)],
            help: "Connections closed on arrival: too many from one address (per_address) or in all (capacity)"
        ).increment()
    }

    /// Sets the open-connection gauges from `gate`.
    func connections(_ gate: ConnectionGate) {
        registry.makeGauge(name: "ncod_connections_open", help: "TCP connections the master holds open").set(Double(gate.openConnections()))
        registry.makeGauge(name: "ncod_connections_max", help: "TCP connections the master holds at most (below its open-file limit)")
            .set(Double(gate.limits.total))
    }

    /// Whether the last walk of the audit chain found it intact.
    func auditChain(intact: Bool) {
        registry.makeGauge(name: "ncod_audit_chain_intact", help: "1 when the last walk of the audit chain found it intact, 0 when tampered with")
            .set(Double(intact ? 1 : 0))
    }

    /// The TLS certificate's end of validity (for the NcodCertificateExpiring alert), set at start.
    func certificateExpiry(_ notValidAfter: Date) {
        registry.makeGauge(
            name: "ncod_tls_certificate_expiry_timestamp_seconds", help: "When the master's TLS certificate stops being valid (Unix time)"
        ).set(notValidAfter.timeIntervalSince1970)
    }

    /// Whether this master sweeps for the fleet.
    func sweeperDuty(held: Bool) {
        registry.makeGauge(name: "ncod_fleet_sweeper", help: "1 when this master sweeps for the fleet (one master of a fleet does)")
            .set(Double(held ? 1 : 0))
    }

    /// Counts a published change; an ended lease also records how long it was held.
    func observe(_ event: ChangeEvent) {
        registry.makeCounter(
            name: "ncod_changes_total", labels: [("kind", event.kind.rawValue), ("action", event.action)],
            help: "Changes published, by kind and action"
        ).increment()
        if event.kind == .lease, event.action == "ended", let held = event.details["heldSeconds"].flatMap(Double.init) {
            registry.makeDurationHistogram(
                name: "ncod_lease_duration_seconds", labels: [("reason", event.details["reason"] ?? "unknown")], buckets: leaseBuckets,
                help: "How long leases were held, by how they ended"
            ).record(.seconds(held))
        }
    }

    /// Sets the inventory gauges from the database and measures the database itself; called at each scrape.
    func refresh(from store: Store, poolMaximum: Int) async {
        let started = ContinuousClock.now
        do {
            let slaves = try await store.slaves.all()
            for status in Slave.Status.allCases {
                registry.makeGauge(name: "ncod_slaves", labels: [("status", status.rawValue)], help: "Slaves, by status")
                    .set(Double(slaves.count { $0.status == status }))
            }
            // How well each online slave guards its devices: enforcing, detecting (binds seen afterwards) or unguarded.
            let online = slaves.filter { $0.status == .online }
            for enforcement in ["enforcing", "detecting", "unguarded"] {
                registry.makeGauge(name: "ncod_slaves_enforcement", labels: [("enforcement", enforcement)], help: "Online slaves, by enforcement")
                    .set(Double(online.count { ($0.health?.enforcement ?? "unguarded") == enforcement }))
            }
            let present = Set(try await store.devices.list(slaveID: nil).filter(\.present).map(\.id))
            let leases = try await store.leases.allActive()
            registry.makeGauge(name: "ncod_devices_present", help: "Devices present on their slaves").set(Double(present.count))
            registry.makeGauge(name: "ncod_devices_in_use", help: "Present devices somebody holds")
                .set(Double(leases.count { present.contains($0.deviceID) }))
            registry.makeGauge(name: "ncod_leases_active", help: "Active leases").set(Double(leases.count))
            registry.makeGauge(name: "ncod_database_up", help: "1 when the last scrape could read the database").set(Double(1))
        } catch {
            registry.makeGauge(name: "ncod_database_up", help: "1 when the last scrape could read the database").set(Double(0))
        }
        let elapsed = ContinuousClock.now - started
        registry.makeGauge(name: "ncod_database_scrape_seconds", help: "Time the last scrape's database reads took")
            .set(elapsed.inSeconds)
        registry.makeGauge(name: "ncod_database_pool_connections_max", help: "Connections the database pool may open")
            .set(Double(poolMaximum))
        registry.makeGauge(name: "ncod_http_requests_in_flight", help: "Requests being served now; each may hold a database connection")
            .set(Double(requestsInFlight.load(ordering: .relaxed)))
    }
}
