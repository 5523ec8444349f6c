import Foundation
import Testing
import HubServer
import ReplicaStorage
import SyncModel
import LinkEmulation
import HalamjTestSupport

/// Issue 14, done when: a soum office on a bad link catches up. A 1,000-case backlog over
/// 32 kbit/s in one `halamj-node sync`, the same with a second of round trip, and with the
/// link cut on a schedule across `sync --watch` rounds. The programs as built, the link
/// emulated (`LinkEmulation`); one test at a time, since each measures its own link's time.
@Suite(.serialized, .enabled(if: LinkNamespace.unavailableReason() == nil, "emulating a slow link needs root and iproute2 (ip netns, tc)"))
struct SlowLinkSyncTests {
    static let backlog = 1_000

    init() {
        LinkNamespace.removeAbandoned()
    }

    /// Every case the node has is at the hub once, with the node's values, and nothing is
    /// left to send.
    func expectEveryCaseAtTheHubOnce(
        _ office: OfficeOnASlowLink, cases: Int = Self.backlog, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let node = try office.nodeState()
        let hub = try office.hubState()
        #expect(node.pending == 0, "nothing left to send", sourceLocation: sourceLocation)
        #expect(node.cases.count == cases + 1, "and the one of the first sync", sourceLocation: sourceLocation)
        #expect(hub.cases.count == node.cases.count, "every case at the hub", sourceLocation: sourceLocation)
        #expect(Set(hub.cases.map(\.number)).count == hub.cases.count, "no case twice", sourceLocation: sourceLocation)
        let atHub = Dictionary(hub.cases.map { ($0.number, $0.values) }, uniquingKeysWith: { a, _ in a })
        let differing = node.cases.filter { atHub[$0.number] != $0.values }
        #expect(differing.isEmpty, "\(differing.count) cases differ, first \(differing.first?.number ?? "")", sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(3)))
    func aThousandCaseBacklog_CrossesA32KbitLink_InOneSync() throws {
        let office = try OfficeOnASlowLink()
        defer { office.stop() }
        try office.syncOnce()
        _ = try office.openCases(Self.backlog)

        let run = try office.measure(["sync"], timeout: 150)
        print("slow-link 32 kbit/s, \(Self.backlog) cases: \(run.summary)")
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.result.stdout.contains("илгээсэн (pushed) \(Self.backlog),"), "\(run.result.stdout)")
        try expectEveryCaseAtTheHubOnce(office)
        #expect(run.linkUtilisation >= 0.70, "\(run.summary)")
    }

    @Test(.timeLimit(.minutes(3)))
    func theSameBacklog_CrossesWithASecondOfRoundTrip() throws {
        let office = try OfficeOnASlowLink(behaviour: .roundTrip(.seconds(1)))
        defer { office.stop() }
        try office.syncOnce()
        _ = try office.openCases(Self.backlog)

        let run = try office.measure(["sync"], timeout: 150)
        print("slow-link 32 kbit/s and 1 s round trips, \(Self.backlog) cases: \(run.summary)")
        #expect(run.result.status == 0, "\(run.result.stderr)")
        try expectEveryCaseAtTheHubOnce(office)
        #expect(run.linkUtilisation >= 0.70, "\(run.summary)")
    }

    /// The link drops every `period` whatever is on it, while the office keeps working: the
    /// backlog, then 100 more cases after each of the first rounds, so that several
    /// `sync --watch` rounds meet cuts in their pushes, their pulls and between them.
    /// 10 s rather than the issue's 30: the backlog needs some 25 s of link time, in which a
    /// 30 s period would cut once at most, and several cuts within a few minutes are what
    /// the test is for.
    @Test(.timeLimit(.minutes(5)), arguments: [Duration.seconds(10)])
    func aLinkCutOnASchedule_LosesNothing_DuplicatesNothing_AndResendsAtMostTheBatchInFlight(period: Duration) throws {
        let office = try OfficeOnASlowLink(behaviour: .roundTrip(.seconds(1), cutEvery: period))
        defer { office.stop() }
        try office.syncOnce()
        let before = try office.hubState()
        _ = try office.openCases(Self.backlog)

        let started = ContinuousClock.now
        let startedAt = Clock.nowMillis()
        let counters = try office.link.shaperCounters()
        let segments = try office.link.namespace.tcpSegments()
        let watch = try office.startNode(["sync", "--watch", "--interval", "2"], name: "watch")
        defer { if watch.isRunning { kill(watch.processIdentifier, SIGKILL) } }
        var rounds: Int { office.output(of: "watch").out.components(separatedBy: "илгээсэн (pushed)").count - 1 }
        // After each round that ends, the office has opened another 100 cases.
        let waves = 3, wave = 100
        var opened = Self.backlog
        let deadline = started + .seconds(240)
        while ContinuousClock.now < deadline, watch.isRunning {
            Thread.sleep(forTimeInterval: 0.5)
            let done = rounds
            if done > waves, try office.nodeState().pending == 0 { break }
            if done > (opened - Self.backlog) / wave, opened < Self.backlog + waves * wave {
                _ = try office.openCases(wave, startingAt: opened)
                opened += wave
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let onTheLink = try office.link.shaperCounters() - counters
        let segmentsAfter = try office.link.namespace.tcpSegments()
        #expect(watch.isRunning, "sync --watch keeps going: \(office.output(of: "watch").err)")
        watch.terminate()
        watch.waitUntilExit()
        // SIGTERM stops `sync --watch` cleanly (its round's acknowledged batches kept).
        #expect(watch.terminationReason == .exit && watch.terminationStatus == 0, "\(watch.terminationReason) \(watch.terminationStatus)")

        try expectEveryCaseAtTheHubOnce(office, cases: opened)
        let hub = try office.hubState()
        let cuts = office.proxy.cuts
        let pushes = hub.pushes.filter { $0.at >= startedAt }.reversed()
        let resent = hub.office.recordsIn - before.office.recordsIn - opened
        let largestBatch = pushes.map(\.records).max() ?? 0
        let output = office.output(of: "watch")
        let log = office.proxy.endedConnections.map(\.description).joined(separator: "\n")
        #expect(opened == Self.backlog + waves * wave, "every wave was opened and sent within the time: \(output.err)\n\(log)")
        print("slow-link cut every \(period): \(String(format: "%.0f", seconds)) s to deliver \(opened) cases; \(cuts.made) cuts, \(cuts.hitTraffic) on traffic (\(cuts.connections) connections); \(rounds) rounds done, \(output.err.split(separator: "\n").count) failed; pushes \(pushes.map { String($0.records) }.joined(separator: " ")); \(resent) records sent twice; \(onTheLink.bytes) B on the link (\(segmentsAfter.sent - segments.sent) TCP segments, \(segmentsAfter.retransmitted - segments.retransmitted) sent twice), \(String(format: "%.0f", office.link.shape.seconds(for: onTheLink.bytes) / seconds * 100)) % of it")
        #expect(cuts.hitTraffic >= 3, "the link was cut while cases crossed it: \(cuts)")
        #expect(resent >= 0)
        #expect(resent <= cuts.hitTraffic * largestBatch, "each cut resends at most the batch in flight: \(log)")
    }
}
