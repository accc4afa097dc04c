import FluentKit
import Foundation
import NcodCore
import SQLKit

/// Row of `slaves`.
final class SlaveModel: Model, @unchecked Sendable {
    static let schema = "slaves"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "host") var host: String
    @Field(key: "hub_address") var hubAddress: String
    @Field(key: "status") var status: String
    @OptionalField(key: "last_report_at") var lastReportAt: Date?
    @Field(key: "agent_version") var agentVersion: String
    @Field(key: "credential_hash") var credentialHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "session_id") var session: UUID?
    @Field(key: "last_sequence") var lastSequence: Int
    @Field(key: "report_interval") var reportInterval: Int
    @OptionalField(key: "health") var health: String?
    @Field(key: "lease_epoch") var leaseEpoch: Int
    @Field(key: "visible_to") var visibleTo: String

    init() {}

    init(_ slave: Slave) {
        id = slave.id
        apply(slave)
        createdAt = slave.createdAt
        leaseEpoch = slave.leaseEpoch
    }

    /// Copies every mutable field from the domain value, except the lease epoch (only ``FluentSlaveRepository/noteLeaseChange(_:)`` raises it).
    func apply(_ slave: Slave) {
        name = slave.name
        host = slave.host
        hubAddress = slave.hubAddress
        status = slave.status.rawValue
        lastReportAt = slave.lastReportAt
        agentVersion = slave.agentVersion
        credentialHash = slave.credentialHash
        session = slave.session
        lastSequence = slave.lastSequence
        reportInterval = slave.reportIntervalSeconds
        health = slave.health.flatMap(Self.encode)
        visibleTo = VisibleTo.text(slave.visibleTo)
    }

    /// The health column's text: the report's JSON.
    static func encode(_ health: HostHealth) -> String? {
        (try? JSONEncoder().encode(health)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The table's columns, in the order ``domain(row:)`` reads them.
    static let columns = [
        "id", "name", "host", "hub_address", "status", "last_report_at", "agent_version", "credential_hash", "created_at", "session_id",
        "last_sequence", "report_interval", "health", "lease_epoch", "visible_to",
    ]

    /// The slave of a row holding ``columns``, read without Fluent's model reflection (each slave request reads its slave).
    static func domain(row: any SQLRow) throws -> Slave {
        Slave(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            host: try row.decode(column: "host", as: String.self), hubAddress: try row.decode(column: "hub_address", as: String.self),
            status: try decodeEnum(try row.decode(column: "status", as: String.self)),
            lastReportAt: try row.decode(column: "last_report_at", as: Date?.self),
            agentVersion: try row.decode(column: "agent_version", as: String.self),
            credentialHash: try row.decode(column: "credential_hash", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            session: try row.decode(column: "session_id", as: UUID?.self), lastSequence: try row.decode(column: "last_sequence", as: Int.self),
            reportIntervalSeconds: try row.decode(column: "report_interval", as: Int.self),
            health: try row.decode(column: "health", as: String?.self).flatMap { try? JSONDecoder().decode(HostHealth.self, from: Data($0.utf8)) },
            leaseEpoch: try row.decode(column: "lease_epoch", as: Int.self),
            visibleTo: VisibleTo.ids(try row.decode(column: "visible_to", as: String.self)))
    }

    func domain() throws -> Slave {
        Slave(
            id: try requireID(), name: name, host: host, hubAddress: hubAddress, status: try decodeEnum(status),
            lastReportAt: lastReportAt, agentVersion: agentVersion, credentialHash: credentialHash, createdAt: createdAt,
            session: session, lastSequence: lastSequence, reportIntervalSeconds: reportInterval,
            health: health.flatMap { try? JSONDecoder().decode(HostHealth.self, from: Data($0.utf8)) }, leaseEpoch: leaseEpoch,
            visibleTo: VisibleTo.ids(visibleTo)
        )
    }
}
