import FluentKit
import Foundation
import Logging
import NcodCore
import NcodStore

/// Carries what this master publishes to the other masters of its fleet, as PostgreSQL notifications on
/// ``FleetChannel/name``; ``FleetListener`` receives theirs.
struct FleetRelay: Sendable {
    /// One notification: the events and the master they come from (which ignores its own).
    struct Message: Codable, Sendable {
        /// The master that published the events.
        var origin: UUID
        /// The events, numbered by the sender (each receiver numbers them again).
        var events: [ChangeEvent]
    }

    /// This master.
    let origin: UUID
    /// The fleet's database.
    let database: any Database
    /// Where a notification that could not be sent is reported.
    let logger: Logger

    /// Notifies the other masters of `events`. The change has committed by now: a failure is logged, not thrown, and the
    /// other masters' device lists catch up when their listener reconnects.
    func send(_ events: [ChangeEvent]) async {
        guard !events.isEmpty else { return }
        for payload in Self.payloads(origin: origin, events: events) {
            do {
                try await FleetChannel.notify(payload, on: database)
            } catch {
                logger.error("could not tell the other masters of a change", metadata: ["error": "\(DatabaseFailure.describe(error))"])
            }
        }
    }

    /// `events` as notification payloads no larger than ``FleetChannel/payloadLimit``, in order.
    static func payloads(origin: UUID, events: [ChangeEvent]) -> [String] {
        let encoder = NcodJSON.encoder()
        guard let data = try? encoder.encode(Message(origin: origin, events: events)) else { return [] }
        if data.count <= FleetChannel.payloadLimit { return [String(decoding: data, as: UTF8.self)] }
        guard events.count > 1 else {
            // One event larger than a notification: its details are what can be large; the receivers re-read the rest.
            var trimmed = events[0]
            trimmed.details = [:]
            return (try? encoder.encode(Message(origin: origin, events: [trimmed]))).map { [String(decoding: $0, as: UTF8.self)] } ?? []
        }
        let half = events.count / 2
        return payloads(origin: origin, events: Array(events[..<half])) + payloads(origin: origin, events: Array(events[half...]))
    }
}
