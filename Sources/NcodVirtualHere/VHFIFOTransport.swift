import Foundation

/// The client's named pipes (reference §3.1): write `CMD\n` to the request FIFO, read the response FIFO until EOF.
///
/// Before each command the response pipe is opened and drained, so a stale answer left by an earlier exchange is not
/// mistaken for this one's; every open and read is bounded by the timeout; a request pipe that nobody reads means
/// the client is not running, even when the pipe file is still there.
public struct VHFIFOTransport: VHTransport {
    /// The request pipe (default `/tmp/vhclient`).
    public let requestPath: String
    /// The response pipe (default `/tmp/vhclient_response`).
    public let responsePath: String

    /// The pipes of a client whose FIFOs are `requestPath` and `responsePath`.
    public init(requestPath: String = "/tmp/vhclient", responsePath: String = "/tmp/vhclient_response") {
        self.requestPath = requestPath
        self.responsePath = responsePath
    }

    /// The standard pipe names inside `folder`.
    public init(folder: String) {
        self.init(requestPath: folder + "/vhclient", responsePath: folder + "/vhclient_response")
    }

    /// Sends `line` and returns the raw response, running the blocking pipe work off the cooperative threads.
    public func exchange(_ line: String, timeout: Duration) async throws -> String {
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try exchangeBlocking(line, timeoutMilliseconds: milliseconds) }) }
            thread.name = "ncod-vhclient-ipc"
            thread.start()
        }
    }

    /// Opens the response pipe and drops whatever a late writer left for an earlier exchange: data already there, and a writer
    /// that was waiting for a reader (it connects at once and is given 50 ms). If such a writer came and went, the pipe is opened
    /// again, so that its hang-up is not mistaken for the end of this exchange's answer.
    private func openDrained(buffer: inout [UInt8]) throws -> Int32 {
        for _ in 0..<3 {
            let fd = open(responsePath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { throw VHTransportError.io("cannot open \(responsePath): \(String(cString: strerror(errno)))") }
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            var hungUp = false
            while poll(&waiting, 1, 50) > 0 {
                let count = read(fd, &buffer, buffer.count)
                if count == 0, waiting.revents & Int16(POLLHUP) != 0 {
                    hungUp = true
                    break
                }
                if count < 0, errno != EAGAIN, errno != EINTR { break }
                waiting.revents = 0
            }
            if !hungUp { return fd }
            close(fd)
        }
        throw VHTransportError.io("the response pipe \(responsePath) keeps delivering stale answers")
    }

    private func exchangeBlocking(_ line: String, timeoutMilliseconds: Int) throws -> String {
        let deadline = Date().addingTimeInterval(Double(timeoutMilliseconds) / 1000)
        for path in [requestPath, responsePath] {
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { throw VHTransportError.clientNotRunning("no IPC pipe at \(path)") }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let response = try openDrained(buffer: &buffer)
        defer { close(response) }

        var request: Int32 = -1
        while request < 0 {
            request = open(requestPath, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if request >= 0 { break }
            guard errno == ENXIO || errno == EINTR else {
                throw VHTransportError.io("cannot open \(requestPath): \(String(cString: strerror(errno)))")
            }
            guard Date() < deadline else { throw VHTransportError.clientNotRunning("nothing reads \(requestPath)") }
            usleep(10_000)
        }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(request, $0.baseAddress, $0.count) }
        close(request)
        guard written == bytes.count else { throw VHTransportError.io("short write to \(requestPath)") }

        var answer: [UInt8] = []
        answer.reserveCapacity(4096)
        var waiting = pollfd(fd: response, events: Int16(POLLIN), revents: 0)
        while true {
            let remaining = Int(deadline.timeIntervalSinceNow * 1000)
            guard remaining > 0 else { throw VHTransportError.timedOut("no complete answer to \(line.split(separator: ",").first ?? "")") }
            waiting.revents = 0
            let ready = poll(&waiting, 1, Int32(min(remaining, 1000)))
            if ready < 0, errno != EINTR { throw VHTransportError.io("poll: \(String(cString: strerror(errno)))") }
            guard ready > 0 else { continue }
            let count = read(response, &buffer, buffer.count)
            if count > 0 {
                answer.append(contentsOf: buffer[0..<count])
            } else if count == 0, waiting.revents & Int16(POLLHUP) != 0 {
                return String(decoding: answer, as: UTF8.self)  // the writer closed: the answer is complete
            } else if count < 0, errno != EAGAIN, errno != EINTR {
                throw VHTransportError.io("read: \(String(cString: strerror(errno)))")
            }
        }
    }
}
