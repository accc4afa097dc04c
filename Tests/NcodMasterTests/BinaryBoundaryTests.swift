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

    /// The shared libraries the program `name` asks the loader for (`readelf -d`, its NEEDED entries).
    static func needed(by name: String) throws -> [String] {
        let readelf = try #require(
            ["/usr/bin/readelf", "/usr/bin/llvm-readelf"].first { FileManager.default.isExecutableFile(atPath: $0) }, "no readelf")
        let listed = ProcessRunner.run(readelf, ["-d", RepositoryPaths.executable(name)])
        try #require(listed.status == 0, "readelf \(name): \(listed.stderr)")
        return listed.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            line.split(separator: "[").last.map { String($0.dropLast()) }
        }
    }

    @Test("the slave daemon needs only FoundationEssentials: no Foundation, no internationalisation, no ICU data; ncod-tui needs them")
    func slaveDaemonIsEssential() throws {
        let tui = try Self.needed(by: "ncod-tui")
        #expect(tui.contains("libFoundationInternationalization.so"), "the check must see the libraries where they are linked: \(tui)")
        let slaved = try Self.needed(by: "ncod-slaved")
        #expect(slaved.contains("libFoundationEssentials.so"), "\(slaved)")
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libFoundationNetworking.so"] {
            #expect(!slaved.contains(library), "ncod-slaved needs \(library)")
        }
    }
}
