import Testing
@testable import HubClient

/// Batches follow the link: a request of about `targetSeconds` whatever its speed.
@Suite struct BatchPaceTests {
    @Test func aSlowLink_BringsTheBatchDownToWhatItMovesInTheTargetTime_HalfAStepAtATime() {
        let pace = BatchPace(maximum: 500, targetSeconds: 8)
        #expect(pace.current == 500, "until measured, the largest batch")
        // The link moves 20 records a second: 160 fit in 8 s.
        var sizes: [Int] = []
        for _ in 0..<6 {
            let count = pace.current
            pace.answered(count: count, seconds: Double(count) / 20)
            sizes.append(pace.current)
        }
        #expect(sizes.first == 250, "at most half down per batch")
        #expect(sizes.last == 160, "\(sizes)")
    }

    @Test func aFastLink_GrowsItBack_DoublingAtMost_UpToTheMaximum() {
        let pace = BatchPace(maximum: 500, targetSeconds: 8)
        pace.interrupted(count: 500)
        pace.interrupted(count: 250)
        #expect(pace.current == 125)
        pace.answered(count: 125, seconds: 0.05)
        #expect(pace.current == 250)
        pace.answered(count: 250, seconds: 0.05)
        #expect(pace.current == 500)
        pace.answered(count: 500, seconds: 0.05)
        #expect(pace.current == 500)
    }

    @Test func theLastSmallBatch_AnsweredInTime_SaysNothingOfLargerOnes() {
        let pace = BatchPace(maximum: 500, targetSeconds: 8)
        pace.answered(count: 500, seconds: 16)
        #expect(pace.current == 250)
        pace.answered(count: 3, seconds: 1.5)
        #expect(pace.current == 250)
        // A small batch that was slow still counts: the link got worse.
        pace.answered(count: 10, seconds: 40)
        #expect(pace.current == 5)
    }

    @Test func interruptions_HalveDownToOneRecord() {
        let pace = BatchPace(maximum: 8, targetSeconds: 8)
        for _ in 0..<10 { pace.interrupted(count: pace.current) }
        #expect(pace.current == 1)
    }
}
