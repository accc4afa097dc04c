import AsyncHTTPClient
import Foundation
import NcodCore
import NcodSlave
import Synchronization

/// One slave box as the master sees it: enrolled and registered like `ncod-slaved`, then reporting its devices through `MasterLink`,
/// unplugging and plugging back its last device now and then, with heartbeats between reports, as the daemon sends them: as lines
/// of its link (``LinkChannel``), or as requests with `plan.heartbeatRequests`. A report due while its devices are those of its
/// last full report goes down the link as an ``UnchangedReport``, as the daemon's does (unless `plan.fullReports`).
struct SimulatedSlave: Sendable {
    let name: String
    let link: MasterLink
    let slaveID: UUID
    let session: UUID
    let devices: [USBDeviceInfo]
    /// Seconds between heartbeats, as the master said at registration.
    let heartbeatInterval: Int
    /// The slave's link, on which it beats; `nil` when its heartbeats go as requests. A link that ended is opened again at the
    /// next beat, as the daemon does.
    let channel: Slot
    /// What the master last recorded of the slave's devices.
    let reports: Reports

    /// What the master recorded of the slave's last full report (``ReportPlan``, the daemon's rule), shared by the copies of the
    /// slave's value and by its link's reader, which forgets it when the master asks for a full report.
    final class Reports: Sendable {
        private let plan = Mutex(ReportPlan())
        /// A full report of `devices` was taken, and recorded as `digest`.
        func took(_ devices: [USBDeviceInfo], digest: String?) { plan.withLock { $0.sent(devices, recordedAs: digest) } }
        /// The master asked for a full report.
        func want() { plan.withLock { $0.forget() } }
        /// The digest an unchanged report of `devices` may name, or `nil` when a full report is due.
        func digest(for devices: [USBDeviceInfo]) -> String? { plan.withLock { $0.unchangedDigest(for: devices) } }
    }

    /// Where the slave keeps its current link (shared by the copies of the slave's value).
    final class Slot: Sendable {
        private let link: Mutex<LinkChannel?>
        init(_ link: LinkChannel?) { self.link = Mutex(link) }
        func withLock<T>(_ body: (inout LinkChannel?) -> T) -> T { link.withLock { body(&$0) } }
    }
    /// Enrols with the site secret and registers, as `ncod-slaved enrol` and `run` do.
    static func start(index: Int, plan: LoadPlan, http: HTTPClient) async throws -> SimulatedSlave {
        let name = String(format: "load-%04d", index)
        let anonymous = MasterLink(client: http, master: plan.master, credential: nil)
        let enrolled = try await anonymous.enrol(EnrolRequest(name: name, enrolmentSecret: plan.enrolmentSecret))
        let link = MasterLink(client: http, master: plan.master, credential: enrolled.credential)
        let accepted = try await link.register(
            SlaveRegistration(name: name, host: name + ".lan", hubAddress: name + ".lan:7575", agentVersion: "load"))
        let devices = (0..<plan.devicesPerSlave).map { port in
            let portPath = "1-\(port + 1)"
            return USBDeviceInfo(
                vendorID: 0x064f, productID: 0x2af9, manufacturer: "WIBU-SYSTEMS AG", product: "CodeMeter-Stick", serial: "\(name)-\(port)", bus: 1,
                portPath: portPath, deviceClass: 0, speed: "480", vhAddress: USBDeviceInfo.vhAddress(hostname: name, portPath: portPath))
        }
        let reports = Reports()
        let channel =
            plan.heartbeatRequests ? nil : try await link.openChannel(slaveID: enrolled.slaveID, onReportWanted: { reports.want() })
        return SimulatedSlave(
            name: name, link: link, slaveID: enrolled.slaveID, session: accepted.session, devices: devices,
            heartbeatInterval: accepted.heartbeatIntervalSeconds, channel: Slot(channel), reports: reports)
    }

    /// The first full report, sent during the set-up so that the inventory exists before the measured load.
    func firstReport() async throws {
        let report = SlaveReport(
            session: session, sequence: 1, sentAt: Date(), inventory: InventorySnapshot(devices: devices, collectors: []), health: Self.health(name))
        reports.took(devices, digest: try await link.report(report, slaveID: slaveID).inventoryDigest)
    }

    /// A healthy, enforcing host.
    static func health(_ name: String) -> HostHealth {
        HostHealth(
            hostname: name, os: "Debian GNU/Linux 12", kernel: "6.1.0", uptimeSeconds: 3600, load: [0.1, 0.1, 0.1], memoryTotalBytes: 1 << 30,
            memoryAvailableBytes: 1 << 29, diskTotalBytes: 1 << 34, diskAvailableBytes: 1 << 33, virtualHereRunning: true,
            virtualHereConfigPath: "/usr/local/etc/virtualhere/config.ini", virtualHereLicensed: true, virtualHereAuthorizes: true,
            virtualHereReportsBinds: true)
    }

    /// One heartbeat, on the link (handed to the connection: beats on a link are not answered one by one) or as a request. A
    /// link that ended is opened again first (counted in `book` as `link reopened`, with why it ended), as the daemon does.
    func beat(_ heartbeat: SlaveHeartbeat, book: LatencyBook? = nil) async throws {
        guard var open = channel.withLock({ $0 }) else {
            try await link.heartbeat(heartbeat, slaveID: slaveID)
            return
        }
        if let reason = open.endReason {
            await book?.fail("link reopened", String(String(describing: reason).prefix(60)))
            guard let fresh = try await link.openChannel(slaveID: slaveID, onReportWanted: { [reports] in reports.want() }) else { throw reason }
            channel.withLock { $0 = fresh }
            open = fresh
        }
        try open.beat(heartbeat)
    }

    /// Ends the slave's link, if it has one.
    func closeLink() { channel.withLock { $0 }?.close() }

    /// Heartbeats after report or heartbeat `sequence` until cancelled, during the set-up (so the master does not sweep the
    /// slave offline meanwhile); the task's value is the last sequence sent.
    func keepAlive(after sequence: Int) -> Task<Int, Never> {
        Task {
            var sequence = sequence
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(heartbeatInterval))
                if Task.isCancelled { break }
                sequence += 1
                try? await beat(SlaveHeartbeat(session: session, sequence: sequence, sentAt: Date()))
            }
            return sequence
        }
    }

    /// Reports after `sequence` until `deadline`: every `plan.reportInterval` seconds with heartbeats between, or back to back
    /// when it is 0, through `gate`. Each report or heartbeat is lost with probability `plan.loss`. At `killAt`, the slave
    /// falls silent.
    func run(
        plan: LoadPlan, after sequence: Int, until deadline: ContinuousClock.Instant, killAt: ContinuousClock.Instant?, gate: AsyncGate,
        book: LatencyBook, plugs: PlugClock, kills: KillClock
    ) async {
        var sequence = sequence
        var lastPresent = true
        let health = Self.health(name)
        // Slaves report at their own times, as started boxes do, not all at once when the measurement starts.
        var nextReport = ContinuousClock.now + .milliseconds(Int(Double.random(in: 0..<max(plan.reportInterval, 0.001)) * 1000))
        var nextHeartbeat = ContinuousClock.now + .milliseconds(Int(Double.random(in: 0..<Double(heartbeatInterval)) * 1000))
        while ContinuousClock.now < deadline {
            if let killAt, ContinuousClock.now >= killAt {
                await kills.kill(slaveID, at: ContinuousClock.now)
                try? await Task.sleep(until: deadline)
                return
            }
            let started = ContinuousClock.now
            let lost = plan.loss > 0 && Double.random(in: 0..<1) < plan.loss
            if plan.reportInterval == 0 || started >= nextReport {
                sequence += 1
                if plan.churn > 0, Double.random(in: 0..<1) < plan.churn {
                    lastPresent.toggle()
                    if lastPresent, let last = devices.last { await plugs.plug(last.vhAddress, at: started) }
                }
                let present = lastPresent ? devices : Array(devices.dropLast())
                let report = SlaveReport(
                    session: session, sequence: sequence, sentAt: Date(), inventory: InventorySnapshot(devices: present, collectors: []),
                    health: health)
                let unchanged = plan.fullReports || plan.reportInterval == 0 ? nil : reports.digest(for: present)
                let open = channel.withLock { $0 }.flatMap { $0.isEnded ? nil : $0 }
                if lost {
                    await book.fail(unchanged == nil ? "report" : "report.unchanged", "lost on the way (simulated)")
                } else if let unchanged, let open {
                    do {
                        try open.report(
                            UnchangedReport(session: session, sequence: sequence, sentAt: Date(), inventoryDigest: unchanged, health: health))
                        await book.record("report.unchanged", ContinuousClock.now - started)
                    } catch {
                        await book.fail("report.unchanged", LoadHarness.reason(error))
                    }
                } else {
                    await gate.enter()
                    let sent = ContinuousClock.now
                    do {
                        let receipt = try await link.report(report, slaveID: slaveID)
                        reports.took(present, digest: receipt.inventoryDigest)
                        await book.record("report", ContinuousClock.now - sent)
                    } catch {
                        await book.fail("report", LoadHarness.reason(error))
                    }
                    await gate.leave()
                }
                nextReport = started + .milliseconds(Int(plan.reportInterval * 1000))
                nextHeartbeat = ContinuousClock.now + .seconds(heartbeatInterval)
            } else if started >= nextHeartbeat {
                sequence += 1
                if lost {
                    await book.fail("heartbeat", "lost on the way (simulated)")
                } else {
                    do {
                        try await beat(SlaveHeartbeat(session: session, sequence: sequence, sentAt: Date()), book: book)
                        await book.record("heartbeat", ContinuousClock.now - started)
                    } catch {
                        await book.fail("heartbeat", LoadHarness.reason(error))
                    }
                }
                nextHeartbeat = started + .seconds(heartbeatInterval)
            }
            if plan.reportInterval > 0 {
                let wake = [nextReport, nextHeartbeat, deadline, killAt ?? deadline].min() ?? deadline
                if wake > ContinuousClock.now { try? await Task.sleep(until: wake) }
            }
        }
    }
}
