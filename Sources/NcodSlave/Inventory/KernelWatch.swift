#if canImport(Glibc)
    import Glibc
#endif

/// One thread that sleeps in `poll(2)` on what the kernel can tell the slave agent, and raises its ``AgentWakeup``: the uevent
/// socket (a USB device came or went, ``UEventMonitor``) and an inotify watch on the bind ledger's folder (a VirtualHere hook
/// recorded or removed a binding, ``BindLedger``). Either can be missing (no netlink in a container, no inotify); the agent then
/// polls for what is not watched. ``stop()`` wakes the thread through a pipe and it ends.
public final class KernelWatch: Sendable {
    /// Whether USB plugs are announced (else the agent polls the inventory).
    public var watchesUEvents: Bool { uevents != nil }
    /// Whether the bind ledger is watched (else the agent reads it at every turn).
    public var watchesLedger: Bool { inotify >= 0 }

    private let uevents: UEventMonitor?
    private let inotify: Int32
    private let stopRead: Int32
    private let stopWrite: Int32

    /// Watches `uevents` (when given) and the folder `ledgerFolder` (when given and it can be watched; it is created if missing).
    public init(uevents: UEventMonitor?, ledgerFolder: String?) {
        self.uevents = uevents
        var inotify: Int32 = -1
        if let ledgerFolder {
            mkdir(ledgerFolder, 0o700)
            inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
            let events = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_CLOSE_WRITE)
            if inotify >= 0, inotify_add_watch(inotify, ledgerFolder, events) < 0 {
                close(inotify)
                inotify = -1
            }
        }
        self.inotify = inotify
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        } else {
            ends = [-1, -1]
        }
        (stopRead, stopWrite) = (ends[0], ends[1])
    }

    deinit {
        for fd in [inotify, stopRead, stopWrite] where fd >= 0 { close(fd) }
    }

    /// Starts the thread; it raises `wakeup` until ``stop()``.
    public func start(raising wakeup: AgentWakeup) {
        guard watchesUEvents || watchesLedger else { return }
        let body = ThreadBody { self.watch(raising: wakeup) }
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().run()
                return nil
            }, Unmanaged.passRetained(body).toOpaque())
        guard started == 0 else {
            Unmanaged.passUnretained(body).release()
            return
        }
        pthread_detach(thread)
    }

    /// Ends the thread (it closes nothing the agent still uses).
    public func stop() {
        var byte: UInt8 = 1
        _ = write(stopWrite, &byte, 1)
    }

    private func watch(raising wakeup: AgentWakeup) {
        var fds = [pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
        if let uevents { fds.append(pollfd(fd: uevents.fd, events: Int16(POLLIN), revents: 0)) }
        if inotify >= 0 { fds.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0, fds[0].revents == 0 else { return }
            for index in fds.indices.dropFirst() where fds[index].revents != 0 {
                let fd = fds[index].fd
                if fd == inotify {
                    // Any change in the folder will do: the events are drained, not read.
                    while (buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }) > 0 {}
                    wakeup.raise(.ledger)
                    continue
                }
                let length = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if length > 0 {
                    let fields = buffer.prefix(length).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                    if UEventMonitor.isUSBDeviceChange(fields) { wakeup.raise(.hotplug) }
                } else if length < 0, errno != EAGAIN, errno != EINTR, errno != ENOBUFS {
                    return  // the socket failed; the agent's safety poll still sees plugs
                }
            }
        }
    }
}

/// A closure handed to a new POSIX thread.
private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
