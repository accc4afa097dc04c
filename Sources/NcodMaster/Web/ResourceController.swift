import Foundation
import NcodCore
import Vapor

/// Files from the package's resources, served as they are: the pages' stylesheet and the OpenAPI document.
///
/// `GET /openapi.yaml` is the OpenAPI 3.1 document of the master's whole HTTP surface. It is written by hand, and
/// `OpenAPIContractTests` keeps it true (every route is in it, and schemathesis checks a running master's answers against it).
struct ResourceController: RouteCollection {
    /// One served file.
    struct File: Sendable {
        /// Where it is served.
        let route: [PathComponent]
        /// Its folder and name in the resources.
        let folder: String, name: String, ext: String
        /// Its media type.
        let contentType: String
        /// How long browsers and proxies may keep it, in seconds.
        let maxAge: Int
    }

    /// Every file this controller serves.
    static let files = [
        File(route: ["assets", "ncod.css"], folder: "Assets", name: "ncod", ext: "css", contentType: "text/css; charset=utf-8", maxAge: 3600),
        File(
            route: ["openapi.yaml"], folder: "OpenAPI", name: "openapi", ext: "yaml", contentType: "application/yaml; charset=utf-8",
            maxAge: 300),
    ]

    private let contents: [String]

    /// Reads every file now, so that a missing one stops the master at start rather than failing a request.
    init() throws {
        contents = try Self.files.map { file in
            guard
                let url = Bundle.module.url(forResource: file.folder + "/" + file.name, withExtension: file.ext)
                    ?? Bundle.module.url(forResource: file.name, withExtension: file.ext, subdirectory: file.folder),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw StartupError.invalidConfiguration("\(file.folder)/\(file.name).\(file.ext) is missing from the master's resources") }
            return text
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        // The site CA, for a new box that pins its fingerprint (the enrolment command carries it); a CA certificate is public.
        routes.get("ca.pem") { req -> Response in
            guard let ca = req.ncod.caCertificate else {
                throw Problem(
                    status: 404, code: "no_ca", title: "Not Found",
                    detail: "this master serves no CA certificate; give it --ca-cert, or copy the CA to the box by hand")
            }
            return Response(
                status: .ok, headers: ["Content-Type": "application/x-pem-file", "Cache-Control": "public, max-age=300"], body: .init(string: ca.pem))
        }
        for (file, text) in zip(Self.files, contents) {
            routes.get(file.route) { _ in
                Response(
                    status: .ok, headers: ["Content-Type": file.contentType, "Cache-Control": "public, max-age=\(file.maxAge)"],
                    body: .init(string: text))
            }
        }
    }
}
