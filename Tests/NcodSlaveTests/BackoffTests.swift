import NcodSlave
import Testing

@Suite("Backoff")
struct BackoffTests {
    @Test("delays double from 1 s up to the 60 s cap, jitter only shortens them, success starts over")
    func doublingCappedJittered() {
        var backoff = Backoff()
        #expect((0..<8).map { _ in backoff.next(random: 0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(backoff.failures == 8)
        backoff.reset()
        #expect(backoff.next(random: 0) == 1)
        #expect(backoff.next(random: 1) == 1.6, "at most a fifth shorter: 2 s × 0.8")
        var long = Backoff()
        for _ in 0..<100 { _ = long.next(random: 0.5) }
        #expect(long.next(random: 0) == 60, "no overflow after many failures")
    }
}
