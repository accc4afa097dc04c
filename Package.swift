// swift-tools-version:6.0
import PackageDescription

/// The slave daemon's own code, each function in a section of its own, so that its link can place the functions an idle daemon
/// runs side by side (`steady.order` below); Swift keeps most of a file's functions in one section otherwise.
let slavedCode: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-function-sections"])]

/// ncod: share USB devices plugged into Linux boxes on the LAN.
///
/// Libraries hold the logic; executables only parse their command line and call a library.
/// Client programs (`ncod`, `ncod-tui`, `ncod-admin`, `ncod-slaved`) never link the server frameworks.
let package = Package(
    name: "ncod",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ncod-master", targets: ["ncod-master"]),
        .executable(name: "ncod-slaved", targets: ["ncod-slaved"]),
        .executable(name: "ncod-tui", targets: ["ncod-tui"]),
        .executable(name: "ncod", targets: ["ncod"]),
        .executable(name: "ncod-admin", targets: ["ncod-admin"]),
        .executable(name: "ncod-vhsim", targets: ["ncod-vhsim"]),
        .library(name: "NcodCore", targets: ["NcodCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.52.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.30.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.1.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        // Domain models, API contract types, repository protocols, configuration layering.
        // The build stamp (version, commit, date) in an ELF section of its own, filled in by scripts/package.
        .target(name: "CNcodStamp"),
        .target(
            name: "NcodCore",
            dependencies: [
                "CNcodStamp", "CResidency", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: slavedCode
        ),
        // The VirtualHere client IPC: typed commands, transports (FIFO pair, `-t`), parsers of LIST, DEVICE INFO,
        // SERVER INFO and GET CLIENT STATE. Linked by the user's terminal client and the simulator, never by ncod-admin.
        .target(name: "NcodVirtualHere", dependencies: ["NcodCore"]),
        // The master's HTTPS API as the terminal programs use it (tokens, refresh, problems), shared by ncod-tui and ncod-admin.
        .target(
            name: "NcodClient",
            dependencies: [
                "NcodCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Connecting a device: lease, VirtualHere USE with the lease's password, confirmation, renewal. ncod-tui and ncod.
        .target(name: "NcodConnect", dependencies: ["NcodClient", "NcodVirtualHere", "NcodCore"]),
        // The VirtualHere simulator's world (servers, devices, clients, hooks), behind `ncod-vhsim`.
        .target(name: "NcodVHSim", dependencies: ["NcodCore", .product(name: "Crypto", package: "swift-crypto")]),
        // Fluent models, numbered migrations and the repository implementations (SQLite and PostgreSQL).
        .target(
            name: "NcodStore",
            dependencies: [
                "NcodCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ]
        ),
        // The master's HTTPS application: configuration, routes, middleware, services.
        .target(
            name: "NcodMaster",
            dependencies: [
                "NcodCore",
                "NcodStore",
                "CZlib",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "JWT", package: "jwt"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Assets"), .copy("Resources/OpenAPI")]
        ),
        // zlib through a system-library target (Debian: zlib1g-dev): the device list's gzip copy, made once per change.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(
            name: "ncod-master",
            // mimalloc (CMimalloc, Debian: libmimalloc-dev) takes malloc's place for the whole process: about a sixth less resident
            // memory and CPU than glibc's under 2,000 event streams (BENCHMARKS.md, DECISIONS.md 2026-11-29).
            dependencies: ["NcodMaster", "CMimalloc", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // mimalloc through a system-library target: linked, and its options set at the master's start.
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),
        // ncursesw through a system-library target (Debian: libncurses-dev); only NcodTerminal imports it.
        .systemLibrary(name: "CNcurses"),
        // The terminal kit both terminal programs share: screen buffer, text width, keys, keybindings, curses and headless terminals.
        .target(name: "NcodTerminal", dependencies: ["CNcurses", "NcodCore"]),
        // ncod-tui's screens: state, reduce, render, the runtime and its services.
        .target(name: "NcodTUI", dependencies: ["NcodTerminal", "NcodCore", "NcodClient", "NcodConnect", "NcodVirtualHere"]),
        // The administrators' console: screens, reducer, renderer and runtime. No VirtualHere, no MAC checks.
        .target(name: "NcodAdmin", dependencies: ["NcodTerminal", "NcodCore", "NcodClient"]),
        // libusb-1.0 through a system-library target (Debian: libusb-1.0-0-dev).
        .systemLibrary(name: "CLibUSB", pkgConfig: "libusb-1.0", providers: [.apt(["libusb-1.0-0-dev"])]),
        // The kernel's hot-plug announcements (netlink uevents), for the slave daemon.
        .target(name: "CNetlink"),
        // Giving the kernel back a long-running program's start-up code pages (madvise): the slave daemon's and the master's.
        .target(name: "CResidency"),
        // The slave daemon's logic: inventory collectors, host health, VirtualHere config, the link to the master.
        .target(
            name: "NcodSlave",
            dependencies: [
                "NcodCore",
                "CLibUSB",
                "CNetlink",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: slavedCode
        ),
        .executableTarget(
            name: "ncod-slaved",
            dependencies: [
                "NcodCore",
                "NcodSlave",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["steady.order"],
            swiftSettings: slavedCode,
            // The functions an idle daemon runs, side by side (lld, from scripts/bench/slaved-order): the few pages of code it
            // reads while it runs steadily are together, not one in every 64 KB of its 20 MiB of code (DECISIONS.md 2026-11-29).
            linkerSettings: [
                .unsafeFlags([
                    "-use-ld=lld", "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/ncod-slaved/steady.order",
                    "-Xlinker", "--no-warn-symbol-ordering",
                ])
            ]
        ),
        .executableTarget(
            name: "ncod-tui",
            dependencies: [
                "NcodCore", "NcodTUI", "NcodTerminal", "NcodClient", "NcodConnect", "NcodVirtualHere",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The `ncod` command's logic for scripts and CI: the kept login, take/release/wait/queue, exit statuses, JSON rows. No curses.
        .target(
            name: "NcodCLI",
            dependencies: ["NcodCore", "NcodClient", "NcodConnect", "NcodVirtualHere"]
        ),
        .executableTarget(
            name: "ncod",
            dependencies: ["NcodCore", "NcodCLI", "NcodClient", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The load harness: simulated slaves (through the daemon's MasterLink), people (through MasterAPIClient) and event streams
        // against a running master, with latency histograms.
        .target(
            name: "NcodLoad",
            dependencies: [
                "NcodCore", "NcodClient", "NcodSlave",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Benchmarks/NcodLoad"
        ),
        // The measurements in BENCHMARKS.md: keystrokes in ncod-tui's device list, and load on a master.
        .executableTarget(
            name: "ncod-bench",
            dependencies: ["NcodCore", "NcodTUI", "NcodTerminal", "NcodLoad", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/ncod-bench"
        ),
        .executableTarget(
            name: "ncod-admin",
            dependencies: [
                "NcodCore", "NcodAdmin", "NcodTerminal", "NcodClient", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets: throwaway databases on both backends, generated keys, child processes.
        .target(
            name: "NcodTestSupport",
            dependencies: [
                "NcodStore",
                "NcodCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/NcodTestSupport"
        ),
        .executableTarget(
            name: "ncod-vhsim",
            dependencies: ["NcodVHSim", "NcodVirtualHere", "NcodCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "NcodCoreTests", dependencies: ["NcodCore"]),
        .testTarget(
            name: "NcodTerminalTests", dependencies: ["NcodTerminal", "NcodCore", "NcodTUI", "NcodAdmin", "NcodClient", "NcodTestSupport"],
            exclude: ["Snapshots"]),
        .testTarget(name: "NcodVirtualHereTests", dependencies: ["NcodVirtualHere", "NcodVHSim", "NcodCore", "NcodTestSupport"]),
        .testTarget(name: "NcodSlaveTests", dependencies: ["NcodSlave", "NcodCore", "NcodTestSupport"]),
        .testTarget(
            name: "NcodStoreTests",
            dependencies: ["NcodStore", "NcodCore", "NcodTestSupport", .product(name: "SQLKit", package: "sql-kit")]
        ),
        .testTarget(
            name: "NcodMasterTests",
            dependencies: [
                "NcodMaster",
                "NcodTestSupport",
                "NcodClient",
                "NcodConnect",
                "NcodCLI",
                "NcodTUI",
                "NcodVirtualHere",
                "NcodVHSim",
                "NcodSlave",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
    ]
)
