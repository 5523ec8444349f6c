import Foundation
import HalamjTestSupport
import Testing

/// Seeded mutational fuzzing of everything an internet client's bytes reach (issue 7): the
/// request parser, the chunked body decoder, the push-body decoder and the sync handlers on a
/// real hub database. See docs/fuzzing.md for the knobs, the replay of a failure and the
/// libFuzzer harness for longer runs.
@Suite(.serialized) struct FuzzTests {
    @Test func requestParser() throws {
        let hub = try FuzzHub()
        let bodies = SeedCorpus.pushBodies(hub: hub)
        var strategy = ParserStrategy(requests: SeedCorpus.requests(pushBodies: bodies))
        let stats = finish(.parser, FuzzLoop.run(&strategy))
        print("fuzz[parser]: \(strategy.prefixParses) prefix parses")
        #expect(stats.failures == 0)
    }

    @Test func chunkedDecoder() throws {
        let hub = try FuzzHub()
        var strategy = ChunkedStrategy(bodies: SeedCorpus.chunkedBodies(pushBodies: SeedCorpus.pushBodies(hub: hub)))
        #expect(finish(.chunked, FuzzLoop.run(&strategy)).failures == 0)
    }

    @Test func pushBodyDecoding() throws {
        let hub = try FuzzHub()
        var strategy = DecodeStrategy(bodies: SeedCorpus.pushBodies(hub: hub))
        #expect(finish(.decode, FuzzLoop.run(&strategy)).failures == 0)
    }

    @Test func syncHandlers() throws {
        let hub = try FuzzHub()
        let bodies = SeedCorpus.pushBodies(hub: hub)
        var strategy = HandlerStrategy(hub: hub, requests: SeedCorpus.requests(pushBodies: bodies), bodies: bodies)
        #expect(finish(.handler, FuzzLoop.run(&strategy)).failures == 0)
    }

    private func finish(_ target: FuzzTarget, _ stats: FuzzStats) -> FuzzStats {
        FuzzSummary.report(target, stats, settings: .current)
        return stats
    }
}
