import AsyncHTTPClient
import Foundation
import NIOCore
import NcodClient
import NcodCore

/// One person at ncod-tui: logged in through `MasterAPIClient` from an approved computer, listing devices, then taking,
/// renewing and releasing a free one, round after round.
struct SimulatedClient: Sendable {
    let api: MasterAPIClient
    let username: String
    /// Where this person's rounds and connections run.
    let thread: PersonThread

    /// Registers `load-user-<index>`, has the administrator approve the account and its computer, and logs in.
    static func start(index: Int, plan: LoadPlan, admin: MasterAPIClient, department: UUID) async throws -> SimulatedClient {
        let username = String(format: "load-user-%03d", index)
        let password = "load-password-\(index)-Ncod"
        let mac = String(format: "02:00:00:10:%02x:%02x", (index >> 8) & 0xff, index & 0xff)
        let thread = PersonThread()
        let api = MasterAPIClient(baseURL: plan.master, caFile: plan.caFile, eventLoopGroup: thread.eventLoopGroup)
        let profile = try await api.register(
            RegisterRequest(
                username: username, displayName: "Load \(index)", password: password, contact: "\(username)@example.com", orgUnitID: department))
        _ = try await admin.approveUser(profile.id, orgUnitID: department)
        let login = LoginRequest(username: username, password: password, client: .terminal, macs: [mac])
        do {
            try await api.login(login)  // an unknown computer is refused, and waits for approval
        } catch let error as APIError where error.code == "machine_not_bound" {
            guard let binding = try await admin.bindings(status: .pending).first(where: { $0.username == username }) else { throw error }
            _ = try await admin.approveBinding(binding.id)
            try await api.login(login)
        }
        return SimulatedClient(api: api, username: username, thread: thread)
    }

    /// `GET /api/v1/devices`, timed from the request to the last byte of the answer; reading the JSON is not timed, since
    /// it measures this harness, not the master.
    func list(plan: LoadPlan, http: HTTPClient, book: LatencyBook) async throws -> [DeviceView] {
        var request = HTTPClientRequest(url: plan.master + "/api/v1/devices")
        request.headers.add(name: "Authorization", value: "Bearer \(await api.accessToken ?? "")")
        if plan.gzip { request.headers.add(name: "Accept-Encoding", value: "gzip") }
        let started = ContinuousClock.now
        let response = try await http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 512 << 20)  // 160,000 devices are about 64 MB
        await book.record("devices.list", ContinuousClock.now - started)
        guard response.status == .ok else { throw APIError.unreachable("devices answered \(response.status.code)") }
        // Reading 10,000 devices costs the harness more CPU than the master spends answering; only a lease round needs them.
        if plan.listsOnly { return [] }
        return try NcodJSON.decoder().decode([DeviceView].self, from: Data(body.readableBytesView))
    }

    /// A free device picked at random: drawn a few times, then looked for in the whole list (a list of 160,000 is not copied
    /// each round, which cost the harness more than the take it timed).
    static func freeDevice(in devices: [DeviceView]) -> DeviceView? {
        for _ in 0..<32 {
            if let device = devices.randomElement(), device.isFree { return device }
        }
        return devices.filter(\.isFree).randomElement()
    }

    /// Lease rounds until `deadline`, `plan.thinkTime` apart. A failed step is counted under its name (`lease.take device_busy`);
    /// some are races a busy site has: two people taking the same free device, or a lease ending because its device was unplugged.
    func run(plan: LoadPlan, http: HTTPClient, until deadline: ContinuousClock.Instant, book: LatencyBook) async {
        func step<T: Sendable>(_ name: String, _ body: () async throws -> T) async -> T? {
            let started = ContinuousClock.now
            do {
                let value = try await body()
                await book.record(name, ContinuousClock.now - started)
                return value
            } catch {
                await book.fail(name, LoadHarness.reason(error))
                return nil
            }
        }
        var kept: [DeviceView]?
        while ContinuousClock.now < deadline {
            do {
                let devices: [DeviceView]
                if let kept { devices = kept } else { devices = try await list(plan: plan, http: http, book: book) }
                if plan.listOnce { kept = devices }
                if !plan.listsOnly, let device = Self.freeDevice(in: devices),
                    let grant = await step("lease.take", { try await api.takeLease(deviceID: device.id) }),
                    await step("lease.renew", { try await api.renewLease(grant.lease.id) }) != nil
                {
                    _ = await step("lease.release", { try await api.releaseLease(grant.lease.id) })
                }
            } catch {
                await book.fail("devices.list", LoadHarness.reason(error))
            }
            if plan.thinkTime > 0 { try? await Task.sleep(for: .milliseconds(Int(plan.thinkTime * 1000))) }
        }
    }
}
