import Foundation
import Vapor

/// `GET /assets/ncod.css`: the pages' stylesheet, from the package's resources.
struct AssetController: RouteCollection {
    let stylesheet: String

    init() throws {
        guard
            let url = Bundle.module.url(forResource: "Assets/ncod", withExtension: "css")
                ?? Bundle.module.url(forResource: "ncod", withExtension: "css", subdirectory: "Assets"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { throw StartupError.invalidConfiguration("the web stylesheet is missing from the master's resources") }
        stylesheet = text
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("assets", "ncod.css") { _ in
            Response(
                status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                body: .init(string: stylesheet))
        }
    }
}
