import AsyncHTTPClient
import Foundation
import NIOCore
import NcodClient
import NcodCore

/// One open event stream, as ncod-tui and ncod-admin hold them. Each device plugged in that the stream shows is timed
/// from the plug (`PlugClock`), and each slave shown offline from its kill (`KillClock`).
struct EventWatcher: Sendable {
    let http: HTTPClient
    let master: String
    let token: String

    /// Follows the stream until `deadline`.
    func run(until deadline: ContinuousClock.Instant, book: LatencyBook, plugs: PlugClock, kills: KillClock, open: OpenStreams) async {
        var request = HTTPClientRequest(url: master + "/api/v1/events")
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        do {
            let remaining = deadline - ContinuousClock.now
            let response = try await http.execute(request, timeout: .seconds(remaining.components.seconds + 30))
            guard response.status == .ok else {
                await book.fail("stream", "\(response.status.code)")
                return
            }
            await open.change(+1)
            let reader = Task {
                var splitter = SSEFrame.Splitter()
                var lastID: String?
                for try await chunk in response.body {
                    for block in splitter.feed(String(buffer: chunk)) {
                        guard case .event(let event) = EventStreamClient.parse(block, lastID: &lastID) else { continue }
                        await open.received()
                        if event.kind == .device, event.action == "added" || event.action == "returned", let address = event.details["vhAddress"],
                            let sighting = await plugs.seen(address, now: ContinuousClock.now)
                        {
                            // Every stream's time, and each plug's first: the count of the latter is the count of plugs shown.
                            await book.record("plug→event", sighting.latency)
                            if sighting.first { await book.record("plug→first", sighting.latency) }
                        }
                        if event.kind == .slave, event.action == "offline",
                            let latency = await kills.offline(event.subjectID, now: ContinuousClock.now)
                        {
                            await book.record("kill→offline", latency)
                        }
                    }
                }
            }
            try? await Task.sleep(until: deadline)
            reader.cancel()
            _ = await reader.result
            await open.change(-1)
        } catch {
            await book.fail("stream", LoadHarness.reason(error))
        }
    }
}

/// How many event streams are open now, the most that were, and the events they received.
actor OpenStreams {
    private(set) var now = 0
    private(set) var most = 0
    private(set) var events = 0

    func change(_ delta: Int) {
        now += delta
        most = max(most, now)
    }

    func received() { events += 1 }
}
