import Foundation
import NcodVHSim

/// Serves one simulated client's FIFO pair on its own thread: a request ends at its newline (not when the writer closes), each
/// request gets its own answer, written and closed (the close is the end marker), and an empty request is answered too.
final class PipeServer: @unchecked Sendable {
    let folder: String
    let client: String
    let engine: SimEngine
    let trailingByte: Bool
    let slowMilliseconds: Int
    let staleEvery: Int
    private var served = 0

    init(folder: String, client: String, engine: SimEngine, trailingByte: Bool, slowMilliseconds: Int, staleEvery: Int) {
        self.folder = folder
        self.client = client
        self.engine = engine
        self.trailingByte = trailingByte
        self.slowMilliseconds = slowMilliseconds
        self.staleEvery = staleEvery
    }

    func start() {
        let thread = Thread { self.serve() }
        thread.name = "vhsim-\(client)"
        thread.start()
    }

    private func serve() {
        let requestPath = folder + "/vhclient"
        let responsePath = folder + "/vhclient_response"
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let request = open(requestPath, O_RDONLY)  // waits for a writer
            guard request >= 0 else {
                usleep(50_000)
                continue
            }
            var pending: [UInt8] = []
            var answered = 0
            while true {
                let count = read(request, &buffer, buffer.count)
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    // The reader of the previous answer closes its end once it sees that answer's end; give it that moment,
                    // so that this answer goes to the next reader instead of a pipe about to be closed.
                    if answered > 0 { usleep(50_000) }
                    answer(line, to: responsePath)
                    answered += 1
                }
            }
            close(request)
            // A writer that closed without a final newline still meant a request.
            if !pending.isEmpty { answer(String(decoding: pending, as: UTF8.self), to: responsePath) }
        }
    }

    /// Answers one request line, with the configured faults.
    private func answer(_ line: String, to responsePath: String) {
        var answer = engine.handle(line, from: client)
        if slowMilliseconds > 0 { usleep(UInt32(slowMilliseconds) * 1000) }
        if trailingByte { answer += "\u{01}" }
        deliver(answer, to: responsePath, waitSeconds: 10)
        served += 1
        if staleEvery > 0, served % staleEvery == 0 {
            // A late writer, as a client that answered after its reader gave up: once the current reader has gone,
            // it blocks in open() until the next reader opens the response pipe, then delivers an answer nobody asked for.
            while true {
                let probe = open(responsePath, O_WRONLY | O_NONBLOCK)
                if probe < 0 { break }  // ENXIO: no reader any more
                close(probe)
                usleep(1_000)
            }
            let fd = open(responsePath, O_WRONLY)
            if fd >= 0 {
                let stale = Array(("STALE " + answer).utf8)
                _ = stale.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            }
        }
    }

    /// Writes `answer` to the response pipe once a reader has it open; drops it when nobody comes to read.
    private func deliver(_ answer: String, to path: String, waitSeconds: Double) {
        let deadline = Date().addingTimeInterval(waitSeconds)
        var fd: Int32 = -1
        while fd < 0 {
            fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd >= 0 || Date() > deadline { break }
            usleep(5_000)
        }
        guard fd >= 0 else { return }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        let bytes = Array(answer.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
        close(fd)
    }
}
