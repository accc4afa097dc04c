import Foundation
import NcodTestSupport
import NcodVHSim
import NcodVirtualHere
import Synchronization
import Testing

/// The transports against the real `ncod-vhsim` daemon, with each of its faults switched on.
@Suite("VirtualHere transports", .serialized)
struct TransportTests {
    /// A running simulator with one client, `alice`, and one licensed server `box1` with a dongle at 114.
    struct Simulator {
        let process: BackgroundProcess
        let root: String
        var folder: String { root + "/alice" }

        static func start(_ faults: [String] = []) async throws -> Simulator {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("vhsim-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let model = SimModel(
                servers: [
                    SimModel.Server(
                        name: "Lab", hostname: "box1",
                        devices: [
                            SimModel.Device(address: 114, vendor: "WIBU-SYSTEMS AG", product: "CodeMeter-Stick", vendorID: 0x064f, productID: 0x2af9)
                        ])
                ],
                clients: [SimModel.Client(name: "alice", fullName: "Alice Zhang", ip: "10.0.0.21")]
            )
            try JSONEncoder().encode(model).write(to: URL(fileURLWithPath: root + "/model.json"))
            let process = try BackgroundProcess(
                RepositoryPaths.executable("ncod-vhsim"), ["daemon", "--model", root + "/model.json", "--fifo-root", root] + faults)
            _ = try await process.waitForLine(timeout: .seconds(10)) { $0.contains("simulating") }
            return Simulator(process: process, root: root)
        }

        func stop() async throws {
            process.signal(SIGTERM)
            _ = try await process.waitForExit()
        }
    }

    @Test("LIST and USE over the pipes, with a trailing status byte on every answer")
    func trailingByte() async throws {
        let simulator = try await Simulator.start(["--trailing-byte"])
        let client = VirtualHereClient(transport: VHFIFOTransport(folder: simulator.folder), timeout: .seconds(5))
        #expect(try await client.list().device("box1.114")?.holder == .free)
        try await client.perform(.use(address: "box1.114", password: nil))
        #expect(try await client.list().device("box1.114")?.holder == .you)
        #expect(try await client.deviceInfo("box1.114")?.holder == .you)
        await #expect(throws: VHCommandError.failed(command: "USE,box1.999", reason: "")) {
            try await client.perform(.use(address: "box1.999", password: nil))
        }
        try await simulator.stop()
    }

    @Test("a stale answer waiting in the pipe is dropped, not taken for the next answer")
    func staleAnswers() async throws {
        let simulator = try await Simulator.start(["--stale-every", "1"])
        let client = VirtualHereClient(transport: VHFIFOTransport(folder: simulator.folder), timeout: .seconds(5))
        for _ in 0..<5 {
            let answer = try await client.send(.deviceInfo(address: "box1.114"))
            guard case .payload(let text) = answer else {
                Issue.record("not a payload: \(answer)")
                continue
            }
            #expect(!text.contains("STALE"), "got a stale answer: \(text)")
            #expect(VHDeviceInfo(parsing: text)?.address == "box1.114")
            try await Task.sleep(for: .milliseconds(50))
        }
        try await simulator.stop()
    }

    @Test("a slow answer times out with a clear error, and the next exchange still works")
    func slowAnswer() async throws {
        let simulator = try await Simulator.start(["--slow-ms", "1500"])
        let hurried = VirtualHereClient(transport: VHFIFOTransport(folder: simulator.folder), timeout: .milliseconds(500))
        await #expect(throws: VHTransportError.self) { try await hurried.list() }
        try await Task.sleep(for: .milliseconds(1500))
        let patient = VirtualHereClient(transport: VHFIFOTransport(folder: simulator.folder), timeout: .seconds(5))
        #expect(try await patient.list().hubs.count == 1)
        try await simulator.stop()
    }

    @Test("pipes left behind by a dead client mean 'not running', quickly, not a hang")
    func leftoverPipes() async throws {
        let simulator = try await Simulator.start(["--leave-fifos"])
        simulator.process.signal(SIGKILL)
        _ = try await simulator.process.waitForExit()
        #expect(FileManager.default.fileExists(atPath: simulator.folder + "/vhclient"), "the pipes are still there")
        let client = VirtualHereClient(transport: VHFIFOTransport(folder: simulator.folder), timeout: .seconds(1))
        let started = ContinuousClock.now
        await #expect(throws: VHTransportError.clientNotRunning("nothing reads \(simulator.folder)/vhclient")) { try await client.list() }
        // The 1 s timeout bounds it; the margin is for a machine busy with the rest of the suite (4.05 s was seen once), while a
        // hang (an open blocking on a pipe nobody reads) would never end.
        #expect(ContinuousClock.now - started < .seconds(10))
        let nowhere = VirtualHereClient(transport: VHFIFOTransport(folder: "/nonexistent"))
        await #expect(throws: VHTransportError.clientNotRunning("no IPC pipe at /nonexistent/vhclient")) { try await nowhere.list() }
    }

    @Test("-t prints the answer, and says the client is not running when none answers")
    func commandLine() async throws {
        let simulator = try await Simulator.start()
        let client = VirtualHereClient(
            transport: VHCommandLineTransport(binary: RepositoryPaths.executable("ncod-vhsim"), leadingArguments: ["--fifo-dir", simulator.folder]))
        #expect(try await client.list().device("box1.114")?.name == "CodeMeter-Stick")
        try await client.perform(.use(address: "box1.114", password: nil))
        try await simulator.stop()
        let none = VirtualHereClient(
            transport: VHCommandLineTransport(binary: RepositoryPaths.executable("ncod-vhsim"), leadingArguments: ["--fifo-dir", simulator.folder]))
        await #expect(throws: VHTransportError.clientNotRunning("An existing client is not running.")) { try await none.list() }
    }

    @Test("exchanges from many tasks at once are serialised and each gets its own answer")
    func serialised() async throws {
        let simulator = try await Simulator.start()
        let client = VirtualHereClient(transport: VHFIFOTransport(folder: simulator.folder))
        let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    if index.isMultiple(of: 2) { return try await client.list().hubs.first?.name == "Lab" }
                    return try await client.deviceInfo("box1.114")?.address == "box1.114"
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(answers.count == 20 && answers.allSatisfy { $0 })
        try await simulator.stop()
    }

    @Test("a request ends at its newline, not when the writer closes; two requests in one write are both answered; an empty one too")
    func requestsEndAtNewline() async throws {
        let simulator = try await Simulator.start()
        let folder = simulator.folder
        // Raw pipe work, as a driver written against the real client does it, on a thread of its own (open and read block).
        let result = Mutex<[String]?>(nil)
        Thread.detachNewThread {
            let request = open(folder + "/vhclient", O_WRONLY)
            guard request >= 0 else { return result.withLock { $0 = ["cannot open the request pipe"] } }
            defer { close(request) }
            // Two requests and an empty one in one write, and the pipe kept open: each must be answered all the same.
            let bytes = Array("LIST\nDEVICE INFO,box1.114\n\n".utf8)
            _ = bytes.withUnsafeBytes { write(request, $0.baseAddress, $0.count) }
            var answers: [String] = []
            for _ in 0..<3 {
                let response = open(folder + "/vhclient_response", O_RDONLY)
                guard response >= 0 else { break }
                var data: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let count = read(response, &buffer, buffer.count)
                    if count <= 0 { break }
                    data += buffer[0..<count]
                }
                close(response)
                answers.append(String(decoding: data, as: UTF8.self))
            }
            result.withLock { $0 = answers }
        }
        let started = ContinuousClock.now
        while result.withLock({ $0 }) == nil, ContinuousClock.now - started < .seconds(20) { try await Task.sleep(for: .milliseconds(50)) }
        let answers = result.withLock { $0 }
        let got = try #require(answers, "the simulator did not answer requests whose pipe stayed open")
        #expect(got.count == 3)
        #expect(got.first.map { VHClientList(parsing: $0).device("box1.114") != nil } == true, "LIST answered")
        #expect(got.dropFirst().first?.hasPrefix("ADDRESS: box1.114\n") == true, "DEVICE INFO answered")
        #expect(got.last == "FAILED\n", "the empty request answered")
        try await simulator.stop()
    }
}
