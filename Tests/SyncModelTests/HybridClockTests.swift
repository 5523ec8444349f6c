import SyncModel
import Testing

@Suite("Hybrid logical clock")
struct HybridClockTests {
    static let day: Int64 = 24 * 60 * 60 * 1000
    static let year: Int64 = 365 * day

    @Test func tickIsStrictlyIncreasingWhenTheWallClockStandsStill() {
        var clock = HybridClock(replica: rid("soum-4305"))
        var previous = clock.tick(now: 5_000)
        for _ in 0..<1_000 {
            let next = clock.tick(now: 5_000)
            #expect(next > previous)
            previous = next
        }
        #expect(previous.wallMillis == 5_000, "a clock standing still does not invent wall time")
    }

    @Test(arguments: [
        [Int64(1_000), 999, 500, 0, -10],  // steadily backwards
        [5_000, 5_000, 1_000, 5_000, 4_999, 5_001, 5_001, 2],  // a jump back, then catching up
        [1_000, 1_000 + year, 1_000, 1_001, 1_000 + year],  // a year forward, then corrected
    ])
    func tickIsStrictlyIncreasingWhenTheWallClockGoesBackwards(walls: [Int64]) {
        var clock = HybridClock(replica: rid("soum-4305"))
        var readings: [HLCTimestamp] = []
        for now in walls { readings.append(clock.tick(now: now)) }
        for (earlier, later) in zip(readings, readings.dropFirst()) {
            #expect(earlier < later, "walls \(walls): \(earlier) then \(later)")
        }
        #expect(readings.last!.wallMillis >= walls.max()!, "the clock never goes back below what it has read")
    }

    @Test func tickFollowsTheWallClockWhenItMovesForward() {
        var clock = HybridClock(replica: rid("soum-4305"))
        _ = clock.tick(now: 1_000)
        _ = clock.tick(now: 1_000)
        let reading = clock.tick(now: 2_500)
        #expect(reading.wallMillis == 2_500)
        #expect(reading.replica == rid("soum-4305"))
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func readingsStayStrictlyIncreasingUnderRandomClocksAndPeers(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var clock = HybridClock(replica: rid("soum-4305"))
        var now: Int64 = 1_000_000
        var last = clock.tick(now: now)
        for _ in 0..<2_000 {
            now += Int64.random(in: -300...100, using: &rng)
            if rng.chance(30) {
                let remote = HLCTimestamp(
                    wallMillis: now + Int64.random(in: -1_000...1_000, using: &rng),
                    logical: UInt32.random(in: 0...20, using: &rng),
                    replica: rid(rng.chance(50) ? "hub-43" : "soum-4306"))
                clock.observe(remote, now: now)
                let next = clock.tick(now: now)
                #expect(next > remote, "seed \(seed)")
                #expect(next > last, "seed \(seed)")
                last = next
            } else {
                let next = clock.tick(now: now)
                #expect(next > last, "seed \(seed)")
                last = next
            }
        }
    }

    struct RemoteCase: Sendable, CustomTestStringConvertible {
        let name: String
        let remote: HLCTimestamp
        var testDescription: String { name }
    }

    @Test(arguments: [
        RemoteCase(name: "ahead in wall time", remote: hlc(9_000, 0, "hub-43")),
        RemoteCase(name: "ahead with a high logical counter", remote: hlc(9_000, 40, "hub-43")),
        RemoteCase(name: "same wall time, higher logical", remote: hlc(5_000, 7, "hub-43")),
        RemoteCase(name: "same wall and logical, higher replica id", remote: hlc(5_000, 2, "zz-hub")),
        RemoteCase(name: "same wall and logical, lower replica id", remote: hlc(5_000, 2, "aa-hub")),
        RemoteCase(name: "behind", remote: hlc(100, 9, "hub-43")),
    ])
    func observingARemoteReadingMakesTheNextTickGreaterThanIt(_ c: RemoteCase) {
        var clock = HybridClock(replica: rid("soum-4305"))
        _ = clock.tick(now: 5_000)
        _ = clock.tick(now: 5_000)
        let before = clock.tick(now: 5_000)  // 5000.2
        #expect(before == hlc(5_000, 2, "soum-4305"))
        #expect(clock.observe(c.remote, now: 5_000) == .accepted)
        // Our wall clock has not moved (or has even stepped back): only the HLC can order us after.
        for now in [Int64(5_000), 4_000] {
            var copy = clock
            let next = copy.tick(now: now)
            #expect(next > c.remote, "at now \(now): \(next) after observing \(c.remote)")
            #expect(next > before)
        }
    }

    @Test func observingAReadingBehindDoesNotMoveTheClock() {
        var clock = HybridClock(replica: rid("soum-4305"))
        _ = clock.tick(now: 5_000)
        let before = clock
        #expect(clock.observe(hlc(4_000, 50, "hub-43"), now: 5_000) == .accepted)
        #expect(clock == before)
    }

    @Test func theDefaultMaximumDriftIsOneDay() {
        #expect(HybridClock.defaultMaximumDriftMillis == Self.day)
    }

    @Test(arguments: [HybridClockTests.day + 1, HybridClockTests.day + 60_000, HybridClockTests.year])
    func aReadingFurtherAheadThanTheMaximumDriftIsReportedAndDoesNotMoveTheClock(ahead: Int64) {
        let now: Int64 = 1_700_000_000_000
        var clock = HybridClock(replica: rid("hub-43"))
        let last = clock.tick(now: now)
        let before = clock
        let remote = hlc(now + ahead, 5, "soum-4305")
        #expect(clock.observe(remote, now: now) == .tooFarAhead(aheadMillis: ahead))
        #expect(clock == before, "the clock must not be dragged ahead")
        let next = clock.tick(now: now)
        #expect(next > last)
        #expect(next < remote, "the far-ahead reading was ignored")
        #expect(next.wallMillis == now)
    }

    @Test func aReadingExactlyAtTheMaximumDriftIsAccepted() {
        let now: Int64 = 1_700_000_000_000
        var clock = HybridClock(replica: rid("hub-43"))
        let remote = hlc(now + Self.day, 0, "soum-4305")
        #expect(clock.observe(remote, now: now) == .accepted)
        #expect(clock.tick(now: now) > remote)
    }

    @Test func theDriftBoundCanBeChosenByTheCaller() {
        var clock = HybridClock(replica: rid("hub-43"))
        let remote = hlc(12_000, 0, "soum-4305")
        #expect(clock.observe(remote, now: 10_000, maximumDriftMillis: 1_000) == .tooFarAhead(aheadMillis: 2_000))
        #expect(clock.tick(now: 10_000) < remote)
        #expect(clock.observe(remote, now: 10_000, maximumDriftMillis: 5_000) == .accepted)
        #expect(clock.tick(now: 10_000) > remote)
    }

    @Test func aClockAYearAheadDoesNotPoisonItsPeers() {
        let now: Int64 = 1_700_000_000_000
        var ahead = HybridClock(replica: rid("soum-4306"))
        var hub = HybridClock(replica: rid("hub-43"))
        let poisoned = ahead.tick(now: now + Self.year)
        #expect(hub.observe(poisoned, now: now) == .tooFarAhead(aheadMillis: Self.year))
        #expect(hub.tick(now: now + 1).wallMillis == now + 1)
    }

    @Test func readingsAreOrderedByWallTimeThenLogicalCounterThenReplicaID() {
        let expected = [
            hlc(999, 9, "zz"),
            hlc(1_000, 0, "hub-43"),
            hlc(1_000, 0, "soum-4305"),
            hlc(1_000, 0, "soum-4306"),
            hlc(1_000, 1, "aa"),
            hlc(1_001, 0, "aa"),
        ]
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20 {
            #expect(expected.shuffled(using: &rng).sorted() == expected)
        }
        #expect(hlc(1_000, 0, "soum-4305") != hlc(1_000, 0, "soum-4306"))
        #expect(!(hlc(1_000, 0, "soum-4305") < hlc(1_000, 0, "soum-4305")))
    }

    @Test func aTieOfWallTimeAndLogicalCounterIsBrokenByReplicaID() {
        var a = HybridClock(replica: rid("soum-4305"))
        var b = HybridClock(replica: rid("soum-4306"))
        let ra = a.tick(now: 7_000)
        let rb = b.tick(now: 7_000)
        #expect(ra.wallMillis == rb.wallMillis && ra.logical == rb.logical)
        #expect(ra < rb)
        #expect(!(rb < ra))
    }

    /// A clock whose logical counter reached `UInt32.max` (e.g. by observing a peer's
    /// reading) must not wrap to 0 in the same millisecond: that reading would order
    /// before the one it just observed. It moves its wall part forward instead.
    @Test func tickStaysIncreasingWhenTheLogicalCounterIsExhausted() {
        var clock = HybridClock(replica: rid("hub-43"))
        let remote = hlc(5_000, .max, "soum-4305")
        #expect(clock.observe(remote, now: 5_000) == .accepted)
        let next = clock.tick(now: 5_000)
        #expect(next > remote, "got \(next) after observing \(remote)")
    }

    /// A peer's reading with a far-past or far-future wall time (any Int64 comes off
    /// the wire) must not crash the observing process, e.g. the hub. Runs in a child
    /// process (an exit test) so a crash cannot take the runner down.
    @Test func observingAReadingFromTheFarPastOrFutureDoesNotCrash() async {
        await #expect(processExitsWith: .success) {
            var clock = HybridClock(replica: ReplicaID("hub-43")!)
            let past = HLCTimestamp(wallMillis: .min, logical: 0, replica: ReplicaID("soum-4305")!)
            let future = HLCTimestamp(wallMillis: .max, logical: 0, replica: ReplicaID("soum-4305")!)
            _ = clock.observe(past, now: 1_767_225_600_000)
            _ = clock.observe(future, now: -1_767_225_600_000)
        }
    }
}
