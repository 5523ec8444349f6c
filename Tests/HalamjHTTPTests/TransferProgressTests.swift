import Testing
@testable import HalamjHTTP

/// The progress rule without sockets: time is moved, not slept.
struct TransferProgressTests {
    let start = ContinuousClock.now
    let rule = HTTPProgressRule(minimumBytes: 1024, window: 20, limit: 1800)

    func at(_ seconds: Double) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func aLinkOf32Kbits_WithPausesShorterThanTheWindow_IsNeverOverdue() {
        var progress = TransferProgress(rule, startedAt: start, now: start)
        // 1 MB at 4,000 B/s in bursts of 8 KB every 2 s, with a 15 s stall every minute.
        var second = 0.0
        var sent = 0
        while sent < 1_000_000 {
            second += (sent % 240_000 == 0 && sent > 0) ? 15 : 2
            #expect(!progress.isOverdue(at: at(second)), "overdue at \(second) s after \(sent) bytes")
            progress.record(8_000, at: at(second))
            sent += 8_000
        }
        #expect(second > 250, "the body took \(second) s, far beyond any whole-request deadline")
    }

    @Test func aWindowShortOfItsMinimum_IsOverdue_AndLaterBytesDoNotRescueIt() {
        var progress = TransferProgress(rule, startedAt: start, now: start)
        progress.record(1023, at: at(5))
        #expect(progress.deadline == at(20), "1,023 bytes do not open the next window")
        #expect(!progress.isOverdue(at: at(19.9)))
        #expect(progress.isOverdue(at: at(20)))
        progress.record(100_000, at: at(21))
        #expect(progress.isOverdue(at: at(21)))
    }

    @Test func reachingTheMinimum_OpensTheNextWindow_FromThatMoment() {
        var progress = TransferProgress(rule, startedAt: start, now: start)
        progress.record(600, at: at(3))
        progress.record(600, at: at(7))
        #expect(progress.deadline == at(27))
    }

    @Test func theLimit_EndsEvenASteadyTransfer() {
        var progress = TransferProgress(rule, startedAt: start, now: start)
        var second = 0.0
        while second < 1790 {
            second += 10
            progress.record(4_000, at: at(second))
        }
        #expect(progress.deadline == at(1800))
        #expect(progress.isOverdue(at: at(1800)))
    }

    @Test func theLimit_CountsFromTheRequestsStart_TheFirstWindowFromNow() {
        let progress = TransferProgress(HTTPProgressRule(minimumBytes: 1, window: 20, limit: 30), startedAt: start, now: at(14))
        #expect(progress.deadline == at(30), "the limit (from the head's first byte) comes before the window's end at 34 s")
    }

    @Test func aPlainDeadline_IsNotMovedByBytes() {
        var progress = TransferProgress(until: at(15))
        progress.record(1_000_000, at: at(1))
        #expect(progress.deadline == at(15))
        #expect(progress.isOverdue(at: at(15)))
    }
}
