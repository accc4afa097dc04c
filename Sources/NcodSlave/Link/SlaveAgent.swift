import Logging
import NcodCore
import ServiceLifecycle
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The daemon's main loop, as a lifecycle service: register, send a report every interval (with jitter) and a full report at
/// once when a device comes or goes, a heartbeat every heartbeat interval in between, back off while the master is unreachable
/// and then send a fresh full report, and deregister on graceful shutdown (SIGTERM). A refusal from the master (disabled,
/// removed) ends the run with an error.
///
/// Heartbeats go as lines of one long-lived request, the ``LinkChannel``, opened after registration (and again whenever it
/// ends); a master that does not offer it gets each heartbeat as a request. A report due while the devices are those of the
/// last full report the master took goes down the link too, as an ``UnchangedReport`` naming that report's digest (the rule is
/// ``ReportPlan``'s): a line instead of the whole list. The master asks for a full report when it does not take one.
///
/// It also keeps VirtualHere and ncod agreeing: a lease change the master pushes down the link, a heartbeat receipt whose lease
/// epoch differs from the last one seen, or a binding the hooks recorded in the ``BindLedger``, is followed at once by a full
/// report, and after each report's receipt every binding no live lease covers is undone by the ``PortDetacher``.
public struct SlaveAgent: Service {
    /// Where reports go; `nil` for a dry run, which only logs them.
    let link: MasterLink?
    let state: SlaveState?
    /// Where the known leases are cached for the hooks (`nil` in a dry run).
    let stateDirectory: String?
    let registration: SlaveRegistration
    let inventory: Inventory
    /// The cheap collector polled for changes between full reports (sysfs when configured).
    let watcher: Inventory
    let health: HostHealthProbe
    let logger: Logger
    /// Warnings that repeat while a fault lasts (the master unreachable) are logged once a minute, with a count.
    let repeated = RepeatedWarning()
    let pollInterval: Duration
    let dryRunInterval: Int
    /// Raised by ``watch`` when the kernel announces a plug or a hook records a binding; the loop sleeps until it is or a timer
    /// is due.
    let wakeup = AgentWakeup()
    /// The thread sleeping on the kernel's uevents (for the real /sys) and on the bind ledger's folder; what it does not watch
    /// is polled every ``pollInterval``.
    let watch: KernelWatch
    /// With uevents, the inventory (and the ledger) is still read this often, in case an event was missed.
    let safetyPollInterval: Duration = .seconds(5)
    let output: @Sendable (String) -> Void
    let advertisedHostname: String
    /// Undoes bindings no lease covers.
    let detacher: PortDetacher
    /// The ports being detached now, so that one is not detached twice at once.
    private let detaching = DetachingPorts()

    /// An agent for the enrolled slave `state` (or a dry run when `link` is `nil`).
    public init(
        link: MasterLink?, state: SlaveState?, stateDirectory: String? = nil, registration: SlaveRegistration, configuration: SlaveConfiguration,
        logger: Logger,
        pollInterval: Duration = .milliseconds(500), dryRunInterval: Int = 30, output: @escaping @Sendable (String) -> Void = { print($0) }
    ) {
        self.link = link
        self.state = state
        self.stateDirectory = stateDirectory
        self.advertisedHostname = configuration.advertisedHostname
        self.registration = registration
        self.inventory = configuration.makeInventory()
        self.watcher =
            configuration.collectors.contains("sysfs")
            ? Inventory(
                collectors: [SysfsCollector(root: configuration.sysfsRoot, advertisedHostname: configuration.advertisedHostname)], logger: logger)
            : configuration.makeInventory()
        self.health = configuration.makeHealthProbe()
        self.logger = logger
        self.pollInterval = pollInterval
        self.dryRunInterval = dryRunInterval
        self.output = output
        self.detacher = PortDetacher(sysfsRoot: configuration.sysfsRoot)
        // Uevents describe the real /sys; with a stand-in tree (tests, fixtures) only polling sees changes.
        self.watch = KernelWatch(
            uevents: configuration.sysfsRoot == "/sys" ? UEventMonitor.open() : nil,
            ledgerFolder: stateDirectory.map { BindLedger(stateDirectory: $0).folder })
    }

    /// Runs until graceful shutdown; throws ``MasterLinkError/refused(_:)`` when the master will not have this slave.
    public func run() async throws {
        watch.start(raising: wakeup)
        defer { watch.stop() }
        // Under systemd (Type=notify): ready once its loop runs; a watchdog ping while its tasks turn; stopping on the way out.
        let systemd = SystemdNotify()
        systemd.send("READY=1")
        let watchdog = systemd.startWatchdog()
        defer {
            watchdog?.cancel()
            systemd.send("STOPPING=1")
        }
        logger.info(watch.watchesUEvents ? "watching for plug/unplug through kernel uevents" : "watching for plug/unplug by polling")
        // SIGTERM cancels the loop, which hands back the session it had, for the goodbye.
        let channel = OpenChannel()
        defer { channel.close() }
        let session = try await cancelWhenGracefulShutdown { try await loop(channel) }
        channel.close()
        if let link, let state, session != nil {
            do {
                try await link.deregister(slaveID: state.slaveID)
                logger.notice("deregistered from the master")
            } catch {
                logger.warning("could not deregister", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Registers and reports until cancelled, beating on `channel` when the master offers it; returns the session it ended with.
    private func loop(_ channel: OpenChannel) async throws -> SlaveRegistration.Accepted? {
        var session: SlaveRegistration.Accepted?
        var sequence = 0
        var backoff = Backoff()
        // What the master recorded of the last full report: whether a due report may go as an unchanged one.
        var plan = ReportPlan()
        var watched = watcher.snapshot().devices
        var nextReport = ContinuousClock.now
        var nextHeartbeat = ContinuousClock.now
        var nextSafetyPoll = ContinuousClock.now
        // What the master last said of this slave's leases, and the bindings the hooks recorded when they were last looked at.
        var leaseEpoch: Int?
        var leases: [KnownLease]? = stateDirectory.flatMap { LeaseCache.load(from: $0)?.leases }
        let ledger = stateDirectory.map { BindLedger(stateDirectory: $0) }
        var bindings: [String: String] = [:]
        var reportNow = false
        // Whether start-up's pages were given back (once the master took a full report and the link is open).
        var settled = false
        while !Task.isCancelled {
            do {
                if session == nil, let link {
                    let accepted = try await link.register(registration)
                    session = accepted
                    sequence = 0
                    plan.forget()
                    logger.notice("registered", metadata: ["slave": "\(accepted.slaveID)", "interval": "\(accepted.reportIntervalSeconds)"])
                }
                if session != nil, let link, let state, channel.wanted {
                    if let reason = channel.endReason {
                        logger.notice("the link to the master ended; opening a new one", metadata: ["reason": "\(reason)"])
                    }
                    channel.set(try await link.openChannel(slaveID: state.slaveID) { [wakeup] in wakeup.raise(.leases) })
                    if channel.current == nil {
                        logger.notice("the master offers no link; heartbeats go as requests")
                    } else {
                        logger.info("link to the master open: heartbeats go on it, lease changes come down it")
                    }
                }
                let woke = wakeup.take()
                if woke.contains(.leases) { reportNow = true }
                var changed = false
                var safetyPoll = false
                if !watch.watchesUEvents || woke.contains(.hotplug) || ContinuousClock.now >= nextSafetyPoll {
                    safetyPoll = ContinuousClock.now >= nextSafetyPoll
                    nextSafetyPoll = ContinuousClock.now + safetyPollInterval
                    changed = watcher.snapshot().devices != watched
                }
                if changed {
                    // Debounce: a hub being plugged brings its devices within a few hundred milliseconds.
                    try await Task.sleep(for: .milliseconds(250))
                }
                // A binding the hooks just recorded is checked against leases fetched after it.
                if let ledger, !watch.watchesLedger || woke.contains(.ledger) || safetyPoll || plan.isEmpty {
                    let recorded = ledger.entries()
                    if recorded.contains(where: { bindings[$0.key] != $0.value }) { reportNow = true }
                    bindings = recorded
                }
                if changed || plan.isEmpty || reportNow || ContinuousClock.now >= nextReport {
                    let full = changed || plan.isEmpty || reportNow
                    reportNow = false
                    // What is reported is measured against what the watcher sees now, before the report goes: a plug from here on,
                    // even one while the report is on its way, is a change at the next look, not news for the next full report.
                    watched = watcher.snapshot().devices
                    let snapshot = inventory.snapshot()
                    sequence += 1
                    if !full, let digest = plan.unchangedDigest(for: snapshot.devices), let session, let open = channel.current {
                        try open.report(
                            UnchangedReport(
                                session: session.session, sequence: sequence, sentAt: Date(), inventoryDigest: digest, health: health.probe()))
                        logger.debug("reported no change on the link", metadata: ["devices": "\(snapshot.devices.count)", "sequence": "\(sequence)"])
                    } else {
                        let report = SlaveReport(
                            session: session?.session, sequence: sequence, sentAt: Date(), inventory: snapshot, health: health.probe())
                        plan.forget()
                        let receipt = try await send(report, changed: changed)
                        if let receipt {
                            leaseEpoch = receipt.leaseEpoch
                            leases = receipt.leases
                        }
                        plan.sent(snapshot.devices, recordedAs: receipt?.inventoryDigest)
                        if !settled, receipt != nil, channel.current != nil {
                            settled = true
                            ProgramPages.releaseStartup(logger: logger)
                        }
                    }
                    if let leases, let ledger { free(BindLedger.uncovered(bindings, by: leases), devices: snapshot.devices, ledger: ledger) }
                    let interval = Double(session?.reportIntervalSeconds ?? dryRunInterval)
                    nextReport = ContinuousClock.now + .milliseconds(Int(interval * 1000 * Double.random(in: 0.9...1.0)))
                    nextHeartbeat = ContinuousClock.now + .seconds(session?.heartbeatIntervalSeconds ?? dryRunInterval)
                    backoff.reset()
                } else if let session, let link, let state, ContinuousClock.now >= nextHeartbeat {
                    sequence += 1
                    let beat = SlaveHeartbeat(session: session.session, sequence: sequence, sentAt: Date())
                    // On the link a beat is not answered one by one (a rise of the epoch is pushed); as a request, its answer
                    // carries the epoch.
                    let epoch: Int? =
                        if let open = channel.current { try open.beat(beat) } else {
                            try await link.heartbeat(beat, slaveID: state.slaveID).leaseEpoch
                        }
                    nextHeartbeat = ContinuousClock.now + .seconds(session.heartbeatIntervalSeconds)
                    backoff.reset()
                    // Epochs only rise; a link's receipts carry the epoch its master last wrote, which may lag a report's receipt.
                    if let epoch, epoch > leaseEpoch ?? -1 {
                        // A lease was taken or ended: learn which now, not at the next full report.
                        reportNow = true
                        continue
                    }
                }
                // Asleep until a timer is due or the watch raises something; what is not watched is polled.
                var deadline = min(nextReport, nextSafetyPoll)
                if session != nil { deadline = min(deadline, nextHeartbeat) }
                if !watch.watchesUEvents || (ledger != nil && !watch.watchesLedger) { deadline = min(deadline, ContinuousClock.now + pollInterval) }
                await wakeup.wait(until: deadline)
                try Task.checkCancellation()
            } catch is CancellationError {
                return session
            } catch MasterLinkError.staleSession {
                logger.notice("the master ended the session; registering again")
                session = nil
            } catch MasterLinkError.unavailable(let reason) {
                channel.close()  // a new one once the master answers again
                // Never wait longer than a few heartbeats: after an outage every slave is back within seconds.
                backoff.cap = min(Backoff.defaultCap, max(5, 2 * Double(session?.heartbeatIntervalSeconds ?? Int(Backoff.defaultCap))))
                let wait = backoff.next()
                repeated.warning(
                    logger, "master unreachable; retrying", metadata: ["reason": "\(reason)", "retryInSeconds": "\(Int(wait.rounded()))"])
                plan.forget()  // a fresh full report once the master answers again
                do { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) } catch { return session }
            }
        }
        return session
    }

    /// Undoes each binding in `addresses` (present in `devices`) that is not being undone already, then forgets it.
    private func free(_ addresses: [String], devices: [USBDeviceInfo], ledger: BindLedger) {
        for address in addresses {
            guard let device = devices.first(where: { $0.vhAddress.lowercased() == address.lowercased() }) else {
                ledger.unbound(address)  // unplugged: VirtualHere has let it go already
                continue
            }
            guard detaching.start(device.portPath) else { continue }
            logger.notice("freeing a device no lease covers", metadata: ["device": "\(address)", "port": "\(device.portPath)"])
            Task { [detacher, detaching, logger] in
                do {
                    try await detacher.detach(portPath: device.portPath)
                    ledger.unbound(address)
                } catch {
                    logger.warning("could not free a device", metadata: ["device": "\(address)", "error": "\(error)"])
                }
                detaching.finish(device.portPath)
            }
        }
    }

    /// Sends `report` and returns the master's receipt (`nil` in a dry run, which prints the report).
    private func send(_ report: SlaveReport, changed: Bool) async throws -> ReportReceipt? {
        guard let link, let state else {
            let encoder = NcodJSON.encoder()
            output(String(decoding: try encoder.encode(report), as: UTF8.self))
            return nil
        }
        let receipt = try await link.report(report, slaveID: state.slaveID)
        if let stateDirectory {
            do {
                try LeaseCache(advertisedHostname: advertisedHostname, leases: receipt.leases, updatedAt: Date()).save(in: stateDirectory)
            } catch {
                logger.warning("cannot cache the known leases", metadata: ["error": "\(error)"])
            }
        }
        logger.info(
            changed ? "reported a change" : "reported",
            metadata: [
                "devices": "\(report.devices.count)", "added": "\(receipt.added)", "removed": "\(receipt.removed)", "changed": "\(receipt.changed)",
                "sequence": "\(report.sequence)",
            ]
        )
        return receipt
    }
}

/// The agent's link to the master, when open: whether one should be opened, and closing it.
final class OpenChannel: Sendable {
    private struct State {
        var channel: LinkChannel?
        /// The master answered that it offers no link: heartbeats go as requests for this run.
        var unoffered = false
    }

    private let state = Mutex(State())

    /// The open link, `nil` when none is (or it ended).
    var current: LinkChannel? { state.withLock { $0.channel.flatMap { $0.isEnded ? nil : $0 } } }

    /// Why the last link ended, when it did (`nil` before the first and while one is open).
    var endReason: MasterLinkError? { state.withLock { $0.channel?.endReason } }

    /// Whether the agent should open a link now: none is open and the master has not said it offers none.
    var wanted: Bool { state.withLock { !$0.unoffered && ($0.channel?.isEnded ?? true) } }

    /// Keeps `channel`, or remembers that the master offers none (`nil`).
    func set(_ channel: LinkChannel?) {
        state.withLock {
            $0.channel = channel
            $0.unoffered = channel == nil
        }
    }

    /// Closes the link, if open; the next turn of the loop opens a new one.
    func close() {
        state.withLock { state -> LinkChannel? in
            defer { state.channel = nil }
            return state.channel
        }?.close()
    }
}

/// The ports a detach is under way on.
final class DetachingPorts: Sendable {
    private let ports = Mutex<Set<String>>([])

    /// Marks `port` as being detached; `false` when it already is.
    func start(_ port: String) -> Bool { ports.withLock { $0.insert(port).inserted } }

    /// The detach of `port` is over.
    func finish(_ port: String) { _ = ports.withLock { $0.remove(port) } }
}
