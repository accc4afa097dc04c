import NcodCore
import NcodStore
import Vapor

/// The waiting lists: `POST /api/v1/waits` (join a device's list, or wait for any matching device), `GET /api/v1/waits` (mine, with
/// places), `DELETE /api/v1/waits/{id}` (leave), `GET /api/v1/devices/{id}/queue` (a device's line). The rules are ``WaitingList``'s.
struct WaitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("waits", use: join)
        routes.get("waits", use: mine)
        routes.delete("waits", ":id", use: leave)
        routes.get("devices", ":id", "queue", use: queue)
    }

    @Sendable
    func join(req: Request) async throws -> Response {
        let view = try await WaitingList.join(try req.content.decode(WaitRequest.self), request: req)
        let response = Response(status: .created)
        try response.content.encode(view)
        return response
    }

    @Sendable
    func mine(req: Request) async throws -> [WaitView] {
        try await WaitingList.mine(request: req)
    }

    @Sendable
    func leave(req: Request) async throws -> HTTPStatus {
        try await WaitingList.leave(try req.uuidParameter("id"), request: req)
        return .noContent
    }

    @Sendable
    func queue(req: Request) async throws -> QueueView {
        try await WaitingList.queue(deviceID: try req.uuidParameter("id"), request: req)
    }
}
