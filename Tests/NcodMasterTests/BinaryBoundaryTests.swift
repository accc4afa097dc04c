import Foundation
import NcodTestSupport
import Testing

/// What each built program links, read from its symbol table: the administrators' console has no VirtualHere connect path
/// (the requirements forbid it), and no client program carries the server frameworks.
@Suite("What each program links")
struct BinaryBoundaryTests {
    /// Swift symbols defined by `module` in the program `name`: mangled names start with `$s`, the module name's length and the name.
    static func symbols(of module: String, in name: String) throws -> Int {
        let nm = try #require(
            ["/usr/bin/nm", "/usr/bin/llvm-nm"].first { FileManager.default.isExecutableFile(atPath: $0) }, "no nm on this machine")
        let listed = ProcessRunner.run(nm, [RepositoryPaths.executable(name)])
        try #require(listed.status == 0, "nm \(name): \(listed.stderr)")
        let prefix = " $s\(module.count)\(module)"
        return listed.stdout.split(separator: "\n").filter { $0.contains(prefix) }.count
    }

    @Test("ncod-admin contains no VirtualHere command layer and no device connector; ncod-tui, which connects, does")
    func adminCannotConnect() throws {
        #expect(try Self.symbols(of: "NcodVirtualHere", in: "ncod-tui") > 0, "the check must see the layer where it is linked")
        #expect(try Self.symbols(of: "NcodConnect", in: "ncod-tui") > 0)
        #expect(try Self.symbols(of: "NcodVirtualHere", in: "ncod-admin") == 0)
        #expect(try Self.symbols(of: "NcodConnect", in: "ncod-admin") == 0)
    }

    @Test("the ncod command has no curses: it runs where there is no terminal")
    func commandHasNoCurses() throws {
        #expect(try Self.symbols(of: "NcodTerminal", in: "ncod-tui") > 0, "the check must see the kit where it is linked")
        #expect(try Self.symbols(of: "NcodTerminal", in: "ncod") == 0)
        #expect(try Self.symbols(of: "NcodCLI", in: "ncod") > 0)
    }

    @Test("the terminal clients and the slave daemon link neither Vapor nor Fluent; the master does")
    func clientsStayLight() throws {
        #expect(try Self.symbols(of: "Vapor", in: "ncod-master") > 0 && Self.symbols(of: "FluentKit", in: "ncod-master") > 0)
        for program in ["ncod", "ncod-tui", "ncod-admin", "ncod-slaved"] {
            #expect(try Self.symbols(of: "Vapor", in: program) == 0, "\(program) links Vapor")
            #expect(try Self.symbols(of: "FluentKit", in: program) == 0, "\(program) links Fluent")
        }
    }

    @Test("the slave daemon links only FoundationEssentials: no Foundation, no internationalisation (hence no ICU data); ncod-tui links them")
    func slaveDaemonIsEssential() throws {
        // Symbols defined (a static build, as CI's) or referenced (a dynamic one) by each module.
        #expect(try Self.symbols(of: "Foundation", in: "ncod-tui") > 0, "the check must see Foundation where it is linked")
        #expect(try Self.symbols(of: "FoundationEssentials", in: "ncod-slaved") > 0)
        #expect(try Self.symbols(of: "Foundation", in: "ncod-slaved") == 0, "ncod-slaved links Foundation")
        #expect(try Self.symbols(of: "FoundationInternationalization", in: "ncod-slaved") == 0, "ncod-slaved links ICU")
    }
}
