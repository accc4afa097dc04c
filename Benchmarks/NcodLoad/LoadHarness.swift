import AsyncHTTPClient
import Foundation
import NIOSSL
import NcodClient
import NcodCore
import NcodSlave
import Synchronization

/// Runs a `LoadPlan` against a master: enrols the slaves and signs up the people (not measured), then measures
/// `plan.duration` seconds of reports, lease rounds and event streams, all at once.
public enum LoadHarness {
    /// Runs `plan`; `progress` hears each step of the set-up; `opening` runs just before the measured window and `closing` just
    /// after it (a profiler's switches: `callgrind_control`, `perf`).
    public static func run(
        _ plan: LoadPlan, progress: @escaping @Sendable (String) -> Void = { _ in }, opening: @Sendable () async -> Void = {},
        closing: @Sendable () async -> Void = {}
    ) async throws -> LoadResult {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(plan.caFile)
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(120),
            concurrentHTTP1ConnectionsPerHostSoftLimit: plan.concurrency + plan.streams + (plan.heartbeatRequests ? 0 : plan.slaves) + 16)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let admin = MasterAPIClient(baseURL: plan.master, caFile: plan.caFile)
        var clients: [SimulatedClient] = []
        // Every slave's set-up heartbeats, kept here as they start so that a failed set-up stops them all.
        let keepers = Mutex<[Task<Int, Never>]>([])
        let outcome: Result<LoadResult, any Error>
        do {
            progress("enrolling and registering \(plan.slaves) slaves, each with its first report")
            // Each slave heartbeats from its first report on, so that the master does not sweep it offline during the set-up.
            let started = try await inParallel(plan.slaves) { index in
                let slave = try await SimulatedSlave.start(index: index, plan: plan, http: http)
                try await slave.firstReport()
                let keeper = slave.keepAlive(after: 1)
                keepers.withLock { $0.append(keeper) }
                return (slave, keeper)
            }
            let slaves = started.map(\.0)
            defer { for slave in slaves { slave.closeLink() } }

            progress("signing up \(plan.clients) people")
            try await admin.login(LoginRequest(username: plan.adminUsername, password: plan.adminPassword, client: .adminConsole))
            let department = try await department(admin)
            clients = try await inParallel(plan.clients, width: 4) { index in
                try await SimulatedClient.start(index: index, plan: plan, admin: admin, department: department)
            }
            var tokens: [String] = []
            for client in clients { if let token = await client.api.accessToken { tokens.append(token) } }
            if tokens.isEmpty, let token = await admin.accessToken { tokens = [token] }

            if plan.settle > 0 {
                progress("settling for \(plan.settle) s")
                try await Task.sleep(for: .milliseconds(Int(plan.settle * 1000)))
            }
            progress("measuring for \(plan.duration) s")
            for (_, keeper) in started { keeper.cancel() }
            var sequences: [Int] = []
            for (_, keeper) in started { sequences.append(await keeper.value) }
            await opening()
            let takesBefore: [Double: Int]? =
                if let token = plan.metricsToken { await MasterTakeTimes.read(http, master: plan.master, token: token) } else { nil }
            let cpuBefore = plan.masterPID.flatMap(cpuSeconds)
            var result = await measure(
                plan, http: http, slaves: zip(slaves, sequences).map { ($0, $1) }, clients: clients, tokens: tokens)
            if let before = cpuBefore, let after = plan.masterPID.flatMap(cpuSeconds) { result.masterCPUSeconds = after - before }
            if let token = plan.metricsToken, let before = takesBefore,
                let after = await MasterTakeTimes.read(http, master: plan.master, token: token)
            {
                result.masterTakes = MasterTakeTimes(from: before, to: after)
            }
            await closing()
            outcome = .success(result)
        } catch {
            for keeper in keepers.withLock({ $0 }) { keeper.cancel() }
            outcome = .failure(error)
        }
        for api in [admin] + clients.map(\.api) { await api.shutdown() }
        for client in clients { await client.thread.shutdown() }
        try? await http.shutdown()
        return try outcome.get()
    }

    /// `plan.duration` seconds of everything at once: the slaves reporting, the people's lease rounds, the event streams.
    private static func measure(
        _ plan: LoadPlan, http: HTTPClient, slaves: [(SimulatedSlave, Int)], clients: [SimulatedClient],
        tokens: [String]
    ) async -> LoadResult {
        let book = LatencyBook()
        let plugs = PlugClock()
        let kills = KillClock()
        let open = OpenStreams()
        let gate = AsyncGate(limit: plan.concurrency)  // reports in flight at once
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int(plan.duration * 1000))
        let killAt = started + .milliseconds(Int(plan.duration * 1000 / 3))
        let sampling = plan.masterPID.map { pid in Task { await ResidentSamples.sample(pid, until: deadline) } }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<plan.streams {
                let watcher = EventWatcher(http: http, master: plan.master, token: tokens[index % tokens.count])
                group.addTask { await watcher.run(until: deadline, book: book, plugs: plugs, kills: kills, open: open) }
            }
            for (index, (slave, sequence)) in slaves.enumerated() {
                let killed = index < plan.kills ? killAt : nil
                group.addTask {
                    await slave.run(
                        plan: plan, after: sequence, until: deadline, killAt: killed, gate: gate, book: book, plugs: plugs, kills: kills)
                }
            }
            // Each person on a thread and event loop of their own (their lists still come through the shared client).
            for client in clients {
                group.addTask(executorPreference: client.thread) { await client.run(plan: plan, http: http, until: deadline, book: book) }
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.inSeconds
        let killCounts = await kills.counts
        var result = LoadResult(
            slaves: plan.slaves, devicesPerSlave: plan.devicesPerSlave, clients: plan.clients, streams: plan.streams,
            reportInterval: plan.reportInterval, churn: plan.churn, seconds: seconds, operations: await book.summary(seconds: seconds),
            failures: await book.failureCounts, streamsOpen: await open.most, eventsReceived: await open.events,
            masterRSSMiB: plan.masterPID.flatMap { ResidentSamples.read($0)?.resident })
        result.masterRSSWindow = await sampling?.value
        result.killed = killCounts.killed
        result.killedSeenOffline = killCounts.seen
        result.falseOffline = killCounts.falsely
        result.plugs = await plugs.plugs
        return result
    }

    /// A short reason for a failure, to count failures by.
    static func reason(_ error: any Error) -> String {
        if let api = error as? APIError { return api.code ?? String(api.description.prefix(60)) }
        return String(String(describing: error).prefix(60))
    }

    /// The first department of the organisation tree, or a new one for the load when there is none.
    private static func department(_ admin: MasterAPIClient) async throws -> UUID {
        let tree = try await admin.orgUnits()
        if let department = tree.first?.children.first?.children.first { return department.id }
        let organisation = try await admin.createOrgUnit(OrgUnitChange(name: "Load", kind: .organisation))
        let company = try await admin.createOrgUnit(OrgUnitChange(name: "Load company", kind: .company, parentID: organisation.id))
        return try await admin.createOrgUnit(OrgUnitChange(name: "Load department", kind: .department, parentID: company.id)).id
    }

    /// `body` for 0..<count, `width` at a time, results in order.
    private static func inParallel<T: Sendable>(_ count: Int, width: Int = 16, _ body: @escaping @Sendable (Int) async throws -> T) async throws
        -> [T]
    {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            while next < min(width, count) {
                let index = next
                group.addTask { (index, try await body(index)) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < count {
                    let index = next
                    group.addTask { (index, try await body(index)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// The CPU time (user and system) process `pid` has used, in seconds, from /proc.
    private static func cpuSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        // After the command name: state is field 3; utime and stime are fields 14 and 15, in clock ticks.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
