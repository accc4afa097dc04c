import Foundation
import NIOPosix

/// A simulated person's own thread and event loop: their lease rounds run here, not on the cooperative pool and the event
/// loops the thousands of simulated slaves keep busy, nor behind another person's work. A person's ncod-tui runs on a computer of
/// its own; on one machine the nearest is a thread of its own, so that a take is timed as the person sees it and not queued behind
/// the harness (BENCHMARKS.md, fleet-10k).
final class PersonThread: TaskExecutor, @unchecked Sendable {
    /// The event loop the person's connections live on.
    let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    /// Starts the thread.
    init() {
        let thread = Thread { [self] in self.serve() }
        thread.name = "ncod-load person"
        thread.start()
    }

    /// Queues a job of a task that prefers this thread.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once its queue is empty, and the event loop.
    func shutdown() async {
        stop()
        try? await eventLoopGroup.shutdownGracefully()
    }

    private func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty, !stopping { condition.wait() }
            if jobs.isEmpty, stopping {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
