import Foundation
import NcodCore
import NcodStore
import Vapor

/// The slave daemon's API: `POST /api/v1/slaves/enrol`, `/register`, `/{id}/reports`, `/{id}/heartbeats`, `/{id}/deregister`.
struct SlaveAgentController: RouteCollection {
    /// Largest report body (about 3,000 devices).
    static let maxReportSize: ByteCount = "1mb"
    /// Most devices one report may list.
    static let maxDevices = 2_000

    func boot(routes: any RoutesBuilder) throws {
        let slaves = routes.grouped("slaves")
        slaves.post("enrol", use: enrol)
        let authenticated = slaves.grouped(SlaveAuthentication())
        authenticated.post("register", use: register)
        // Reports and heartbeats, the fleet's steady traffic, check their credential in the write that records them
        // (`claimReport`, ``HeartbeatBatcher``), not by a read first.
        slaves.on(.POST, ":id", "reports", body: .collect(maxSize: Self.maxReportSize), use: report)
        slaves.post(":id", "heartbeats", use: heartbeat)
        authenticated.post(":id", "deregister", use: deregister)
    }

    @Sendable
    func enrol(req: Request) async throws -> EnrolResponse {
        let body = try req.content.decode(EnrolRequest.self)
        return try await SlaveEnrolment.enrol(body, request: req)
    }

    @Sendable
    func register(req: Request) async throws -> SlaveRegistration.Accepted {
        let body = try req.content.decode(SlaveRegistration.self)
        let slave = try req.slave
        if let problem = SlaveEnrolment.nameProblem(body.name) { throw Problem.invalidField("name", problem) }
        guard !body.hubAddress.isEmpty, body.hubAddress.count <= 255, body.host.count <= 255, body.agentVersion.count <= 64 else {
            throw Problem.invalidField("hubAddress", "give the VirtualHere hub address as host:port")
        }
        let now = req.ncod.now()
        var updated = slave  // the name stays the master's: set at enrolment, changed only by an administrator
        // What a slave says is shown to people: control, zero-width and direction characters are dropped.
        updated.host = TextHygiene.stripped(body.host)
        updated.hubAddress = TextHygiene.stripped(body.hubAddress)
        updated.agentVersion = TextHygiene.stripped(body.agentVersion)
        updated.status = .online
        updated.lastReportAt = now
        updated.session = UUID()
        updated.lastSequence = 0
        updated.reportIntervalSeconds = req.ncod.reportIntervalSeconds
        let saved = try await Store(database: req.db).slaves.update(updated)
        await req.ncod.events.publish([
            ChangeEvent(kind: .slave, action: "registered", subjectID: saved.id, slaveID: saved.id, at: now, details: ["status": "online"])
        ])
        try await req.audit(
            "slave.registered", subject: "slave:\(saved.name)", actor: "slave:\(saved.name)",
            details: [
                "host": body.host, "hub": body.hubAddress, "version": body.agentVersion, "wasStatus": slave.status.rawValue,
                "reportedName": body.name,
            ]
        )
        return SlaveRegistration.Accepted(
            slaveID: saved.id, session: saved.session ?? UUID(), reportIntervalSeconds: saved.reportIntervalSeconds,
            heartbeatIntervalSeconds: req.ncod.heartbeatIntervalSeconds)
    }

    @Sendable
    func report(req: Request) async throws -> ReportReceipt {
        let started = ContinuousClock.now
        do {
            let receipt = try await ingest(req)
            req.ncod.metrics.reportIngested(outcome: "accepted", duration: ContinuousClock.now - started)
            return receipt
        } catch {
            req.ncod.metrics.reportIngested(outcome: (error as? Problem)?.code ?? "error", duration: ContinuousClock.now - started)
            throw error
        }
    }

    private func ingest(_ req: Request) async throws -> ReportReceipt {
        guard let (slaveID, secret) = SlaveAuthentication.credential(req) else { throw SlaveAuthentication.unknown }
        try SlaveAuthentication.checkPath(req, slaveID: slaveID)
        var report = try req.content.decode(SlaveReport.self)
        // The digest of the devices as the slave sent them, which is what its unchanged reports will name.
        let digest = InventoryDigest.of(report.devices)
        // Device strings are shown to people: control, zero-width and direction characters are dropped.
        report.devices = report.devices.map { info in
            var clean = info
            clean.manufacturer = info.manufacturer.map(TextHygiene.stripped)
            clean.product = info.product.map(TextHygiene.stripped)
            clean.serial = info.serial.map(TextHygiene.stripped)
            return clean
        }
        guard report.devices.count <= Self.maxDevices else {
            throw Problem(
                status: 413, code: "payload_too_large", title: "Payload Too Large", detail: "a report may list at most \(Self.maxDevices) devices")
        }
        if let bad = report.devices.first(where: { $0.portPath.isEmpty || $0.vhAddress.isEmpty || $0.vhAddress.count > 255 }) {
            throw Problem.invalidField("devices", "device \(bad.vidPid) has no port path or VirtualHere address")
        }
        guard let session = report.session else {
            throw try await SlaveAuthentication.refusal(of: "report", session: nil, sequence: report.sequence, request: req)
        }
        let now = req.ncod.now()
        let store = Store(database: req.db)
        let claim = SlaveClaim(slaveID: slaveID, credentialHash: SecretHash.hex(secret), session: session, sequence: report.sequence)
        guard let claimed = try await store.slaves.claimReport(claim, at: now, health: report.health, digest: digest) else {
            throw try await SlaveAuthentication.refusal(of: "report", session: session, sequence: report.sequence, request: req)
        }
        let actor = "slave:\(claimed.name)"
        let outcome = try await ReportIngest.apply(report, to: claimed, store: store, now: now, actor: actor)
        // The people watching first, then the slave's receipt.
        await req.ncod.events.publish(outcome.events)
        return try await ReportIngest.receipt(for: claimed, after: outcome, digest: digest, store: store)
    }

    /// "Still here": written with the other beats of the moment in one conditional write that checks the credential, the
    /// session and the sequence (``HeartbeatBatcher``); the answer carries the slave's lease epoch, read by that same write.
    /// A beat refused there is looked at again, alone, to say why: unknown credential, disabled slave, an old session (then the
    /// daemon registers again) or a replayed sequence.
    @Sendable
    func heartbeat(req: Request) async throws -> HeartbeatReceipt {
        let started = ContinuousClock.now
        let beat = try req.content.decode(SlaveHeartbeat.self)
        if let (id, secret) = SlaveAuthentication.credential(req) {
            try SlaveAuthentication.checkPath(req, slaveID: id)
            let claim = SlaveClaim(slaveID: id, credentialHash: SecretHash.hex(secret), session: beat.session, sequence: beat.sequence)
            if let epoch = try await req.ncod.heartbeats.claim(claim, on: req.db, now: req.ncod.now, metrics: req.ncod.metrics) {
                req.ncod.metrics.heartbeat(outcome: "accepted", duration: ContinuousClock.now - started)
                return HeartbeatReceipt(leaseEpoch: epoch)
            }
        }
        let problem = try await SlaveAuthentication.refusal(of: "heartbeat", session: beat.session, sequence: beat.sequence, request: req)
        req.ncod.metrics.heartbeat(outcome: problem.code, duration: ContinuousClock.now - started)
        throw problem
    }

    @Sendable
    func deregister(req: Request) async throws -> HTTPStatus {
        let slave = try req.slave
        let now = req.ncod.now()
        let (_, events) = try await Store(database: req.db).transaction { store in
            try await FleetSweep.markOffline(slave, store: store, now: now, action: "slave.deregistered", actor: "slave:\(slave.name)")
        }
        await req.ncod.events.publish(events)
        return .noContent
    }
}

extension USBDeviceInfo {
    /// `vvvv:pppp`, for messages.
    var vidPid: String {
        Device(
            id: UUID(), slaveID: UUID(), vhAddress: vhAddress, vendorID: vendorID, productID: productID, manufacturer: nil, product: nil, serial: nil,
            portPath: portPath, nickname: nil, present: true, firstSeen: Date(), lastSeen: Date()
        ).vidPid
    }
}
