import NIOCore
import NIOEmbedded
import Testing
import Vapor

@testable import NcodMaster

/// Requests and the connection gate: nothing is answered on a connection that did not pass the gate, which gives connections
/// their TLS.
@Suite("Requests on connections the gate did or did not let in")
struct RequestArrivalTests {
    /// Counts the requests that got past the middleware.
    private final class Counter: AsyncResponder, @unchecked Sendable {
        var answered = 0
        func respond(to request: Request) async throws -> Response {
            answered += 1
            return Response(status: .ok)
        }
    }

    @Test("a request on a connection the gate never saw is refused with 421 and a close; one the gate let in is answered")
    func ungatedConnectionsAreRefused() async throws {
        let app = try await Application.make(.testing)
        do {
            app.ncod = MasterContext()
            let next = Counter()
            func request(from port: Int) throws -> Request {
                Request(
                    application: app, method: .GET, url: "/api/v1/devices",
                    remoteAddress: try SocketAddress(ipAddress: "192.0.2.7", port: port), on: app.eventLoopGroup.any())
            }
            // Accepted before the gate stood on the listening socket: no TLS, so nothing is answered on it.
            let refused = try await RequestArrival().respond(to: try request(from: 40001), chainingTo: next)
            #expect(refused.status == .misdirectedRequest)
            #expect(refused.headers.first(name: .connection) == "close")
            #expect(next.answered == 0)

            // Let in by the gate (which gave it TLS): answered, on its first request and the next.
            let gate = app.ncod.connectionGate
            #expect(gate.admit("192.0.2.7") == nil)
            let channel = EmbeddedChannel()
            let key = try #require(ConnectionGate.connectionKey(try SocketAddress(ipAddress: "192.0.2.7", port: 40002)))
            gate.awaitHead(of: channel, connection: key)
            for _ in 0..<2 {
                let answered = try await RequestArrival().respond(to: try request(from: 40002), chainingTo: next)
                #expect(answered.status == .ok)
            }
            #expect(next.answered == 2)

            // Closed: its key no longer lets a request through (a later connection from the same port is new to the gate).
            gate.release("192.0.2.7", connection: key)
            let after = try await RequestArrival().respond(to: try request(from: 40002), chainingTo: next)
            #expect(after.status == .misdirectedRequest)
            #expect(next.answered == 2)
            _ = try? await channel.finish()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
