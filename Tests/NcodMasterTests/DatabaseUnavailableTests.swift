import AsyncKit
import Foundation
import NIOCore
import NIOPosix
import NcodCore
import Testing

@testable import NcodMaster

/// A database that cannot be reached is the client's "try again shortly" (503 with Retry-After), never a 500.
@Suite("Database unavailable")
struct DatabaseUnavailableTests {
    @Test("refused, dropped, restarting and pool-timeout errors become 503 database_unavailable; other errors stay 500")
    func mapping() throws {
        let unavailable: [any Error] = [
            IOError(errnoCode: ECONNREFUSED, reason: "connect"), ConnectionPoolTimeoutError.connectionRequestTimeout, ChannelError.ioOnClosedChannel,
            IOError(errnoCode: ECONNRESET, reason: "read"),
        ]
        for error in unavailable {
            let problem = ProblemMiddleware.problem(for: error)
            #expect(problem.status == 503 && problem.code == "database_unavailable", "\(error)")
        }
        #expect(ProblemMiddleware.problem(for: IOError(errnoCode: ENOSPC, reason: "write")).status == 500)
        #expect(ProblemMiddleware.problem(for: CancellationError()).status == 500)
        let response = try ProblemMiddleware.response(
            for: ProblemMiddleware.problem(for: ConnectionPoolTimeoutError.connectionRequestTimeout), headers: ["Retry-After": "5"])
        #expect(response.status.code == 503)
    }
}
