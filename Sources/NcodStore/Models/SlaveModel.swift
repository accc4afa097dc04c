import FluentKit
import Foundation
import NcodCore

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

    init() {}

    init(_ slave: Slave) {
        id = slave.id
        apply(slave)
        createdAt = slave.createdAt
    }

    /// Copies every mutable field from the domain value.
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
        health = slave.health.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    func domain() throws -> Slave {
        Slave(
            id: try requireID(), name: name, host: host, hubAddress: hubAddress, status: try decodeEnum(status),
            lastReportAt: lastReportAt, agentVersion: agentVersion, credentialHash: credentialHash, createdAt: createdAt,
            session: session, lastSequence: lastSequence, reportIntervalSeconds: reportInterval,
            health: health.flatMap { try? JSONDecoder().decode(HostHealth.self, from: Data($0.utf8)) }
        )
    }
}
