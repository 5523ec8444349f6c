import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
import SyncModel

@Suite struct ReplicaStoreTests {
    let dir = TemporaryDirectory()
    let soum = ReplicaID("soum-4305")!
    let hub = ReplicaID("hub-43")!

    func makeNode() throws -> ReplicaStore {
        try ReplicaStore.create(path: dir.path("node.db"), replica: soum, role: .node, office: "soum-4305")
    }

    func key(_ id: String) -> RecordKey { RecordKey(collection: "cases", id: id) }

    @Test func localWrites_AreNumberedByTheCounter_AndMarkTheRecordDirty() throws {
        let store = try makeNode()
        let first = try store.transaction { try $0.write(key("a"), office: "soum-4305", changes: ["name": "Бат"], now: 1_000) }
        let second = try store.transaction { try $0.write(key("a"), office: "soum-4305", changes: ["phone": "99112233"], now: 2_000) }
        #expect(first.record.entries("name").first?.dot == Dot(replica: soum, counter: 1))
        #expect(second.record.vector[soum] == 2)
        #expect(second.record.value("name") == "Бат")
        #expect(second.dirty)
        #expect(second.pendingSince == 1, "the first undelivered write is still the first one")
        #expect(second.localSeq > first.localSeq)
        #expect(try store.status().pendingCount == 1)
    }

    @Test func reopenedStore_KeepsRecordsCounterAndIdentity() throws {
        do {
            let store = try makeNode()
            _ = try store.transaction { try $0.write(key("a"), office: "soum-4305", changes: ["name": "Бат"], now: 1) }
        }
        let reopened = try ReplicaStore.open(path: dir.path("node.db"))
        #expect(reopened.replica == soum)
        #expect(reopened.office == "soum-4305")
        #expect(reopened.role == .node)
        let next = try reopened.transaction { try $0.write(key("b"), office: "soum-4305", changes: ["name": "Дорж"], now: 2) }
        #expect(next.record.vector[soum] == 2, "the counter continues after a restart, so no dot is reused")
    }

    @Test func outboundBatch_ReportsTheDeliveryWatermark_OfWritesBeforeTheFirstOneLeftBehind() throws {
        let store = try makeNode()
        for id in ["a", "b", "c"] {
            _ = try store.transaction { try $0.write(key(id), office: "soum-4305", changes: ["name": id], now: 1) }
        }
        let batch = try #require(try store.nextOutboundBatch(limit: 2, now: 10_000))
        #expect(batch.request.records.map(\.id) == ["a", "b"])
        #expect(batch.request.latestCounter == 3)
        #expect(batch.request.deliveredThrough == 2, "write 3 (record c) is not in this batch")
        #expect(batch.request.pendingCount == 3)
        #expect(batch.request.oldestPendingSeconds == 9)
        let all = try #require(try store.nextOutboundBatch(limit: 10, now: 10_000))
        #expect(all.request.deliveredThrough == 3)
    }

    @Test func acknowledgement_ClearsOnlyRecordsThatDidNotChangeMeanwhile() throws {
        let store = try makeNode()
        for id in ["a", "b"] {
            _ = try store.transaction { try $0.write(key(id), office: "soum-4305", changes: ["name": id], now: 1) }
        }
        let batch = try #require(try store.nextOutboundBatch(limit: 10, now: 1))
        // A social worker edits b while the push is on the wire.
        _ = try store.transaction { try $0.write(key("b"), office: "soum-4305", changes: ["phone": "1"], now: 2) }
        let response = PushResponse(
            hub: hub,
            results: batch.request.records.map { PushResult(collection: $0.collection, id: $0.id, outcome: .merged) },
            deliveredThrough: batch.request.deliveredThrough)
        let outcome = try store.acknowledge(batch, response: response, now: 3)
        #expect(outcome.merged == 2)
        let next = try #require(try store.nextOutboundBatch(limit: 10, now: 3))
        #expect(next.request.records.map(\.id) == ["b"], "b's newer edit must still go up")
        #expect(next.request.records.first?.value("phone") == "1")
        #expect(try store.status().hubHoldsThrough == batch.request.deliveredThrough)
    }

    /// The next push batch read ahead, before the previous one's acknowledgement
    /// commits, is byte for byte the batch read after it: same records, watermark,
    /// pending count and oldest change, with a record refused earlier, a record of the
    /// previous batch edited while it was on the wire, and writes made meanwhile.
    @Test func outboundBatchReadAhead_IsTheBatchReadAfterTheAcknowledgement() throws {
        for limit in [2, 3, 4, 10] {
            let sub = TemporaryDirectory()
            let store = try ReplicaStore.create(path: sub.path("node.db"), replica: soum, role: .node, office: "soum-4305")
            func write(_ id: String, _ value: String, at now: Int64) throws {
                _ = try store.transaction { try $0.write(key(id), office: "soum-4305", changes: ["name": value], now: now) }
            }
            // "r" is refused first, and waits with the oldest write and the oldest change.
            try write("r", "r", at: 1)
            let refusedBatch = try #require(try store.nextOutboundPush(limit: 10, now: 1))
            try store.acknowledge(refusedBatch, response: PushResponse(
                hub: hub, results: [PushResult(collection: "cases", id: "r", outcome: .refused, field: "x", reason: "no")],
                deliveredThrough: 0), now: 1)
            for (index, id) in ["a", "b", "c", "d", "e", "f"].enumerated() { try write(id, id, at: Int64(10 + index)) }
            let batch = try #require(try store.nextOutboundPush(limit: limit, now: 100))
            // While it is on the wire: an edit of one of its records, and a new record.
            try write("a", "a2", at: 200)
            try write("g", "g", at: 201)
            let response = PushResponse(
                hub: hub,
                results: batch.sequences.keys.sorted { $0.id < $1.id }.map { PushResult(collection: $0.collection, id: $0.id, outcome: .merged) },
                deliveredThrough: 0)
            #expect(batch.isMergedWhole(by: response))
            let ahead = try store.nextOutboundPush(limit: limit, now: 300, after: batch.lastSequence)
            try store.acknowledge(batch, response: response, now: 250)
            let after = try store.nextOutboundPush(limit: limit, now: 300)
            #expect(ahead?.json == after?.json, "limit \(limit)")
            #expect(ahead?.sequences == after?.sequences, "limit \(limit)")
            #expect(ahead?.lastSequence == after?.lastSequence, "limit \(limit)")
        }
    }

    @Test func anAnswerThatRefusesOrLeavesOutARecord_IsNotAWholeMerge() throws {
        let store = try makeNode()
        for id in ["a", "b"] {
            _ = try store.transaction { try $0.write(key(id), office: "soum-4305", changes: ["name": id], now: 1) }
        }
        let batch = try #require(try store.nextOutboundPush(limit: 10, now: 1))
        func answer(_ results: [PushResult]) -> PushResponse { PushResponse(hub: hub, results: results, deliveredThrough: 0) }
        let a = PushResult(collection: "cases", id: "a", outcome: .merged)
        let b = PushResult(collection: "cases", id: "b", outcome: .merged)
        #expect(batch.isMergedWhole(by: answer([b, a])))
        #expect(!batch.isMergedWhole(by: answer([a])), "b left out")
        #expect(!batch.isMergedWhole(by: answer([a, PushResult(collection: "cases", id: "b", outcome: .refused, field: "x", reason: "no")])))
        #expect(!batch.isMergedWhole(by: answer([a, PushResult(collection: "cases", id: "c", outcome: .merged)])))
    }

    @Test func refusedRecord_WaitsWithItsReason_AndLeavesTheQueueUntilWrittenAgain() throws {
        let store = try makeNode()
        _ = try store.transaction { try $0.write(key("a"), office: "soum-4305", changes: ["name": "x"], now: 1) }
        let batch = try #require(try store.nextOutboundBatch(limit: 10, now: 1))
        try store.acknowledge(batch, response: PushResponse(
            hub: hub,
            results: [PushResult(collection: "cases", id: "a", outcome: .refused, field: "amount", reason: "hub only")],
            deliveredThrough: 0), now: 2)
        #expect(try store.nextOutboundBatch(limit: 10, now: 2) == nil)
        let status = try store.status()
        #expect(status.refused.map(\.reason) == ["amount: hub only"])
        #expect(status.pendingCount == 1, "a refused record is still not at the hub")
        _ = try store.transaction { try $0.write(key("a"), office: "soum-4305", changes: ["name": "y"], now: 3) }
        #expect(try store.nextOutboundBatch(limit: 10, now: 3)?.request.records.count == 1)
    }

    @Test func pulledBatch_MergesAndMovesTheCheckpointTogether() throws {
        let store = try makeNode()
        var remote = Record(collection: "cases", id: "4305-2026-000001", office: "soum-4305")
        remote.write(["status": "received"], dot: Dot(replica: hub, counter: 7), hlc: HLCTimestamp(wallMillis: 5, logical: 0, replica: hub))
        let changed = try store.applyPull(PullResponse(hub: hub, records: [remote], next: 42, more: false), now: 10)
        #expect(changed == [RecordKey(remote)])
        #expect(try store.pullCheckpoint() == 42)
        let stored = try #require(try store.read { try $0.load(RecordKey(remote)) })
        #expect(stored.record == remote)
        #expect(!stored.dirty, "a copy from the hub is already at the hub")
        // The same batch again changes nothing.
        #expect(try store.applyPull(PullResponse(hub: hub, records: [remote], next: 42, more: false), now: 11).isEmpty)
    }

    /// A pulled copy that becomes our copy as it is (a new record, or one that covers
    /// ours) is stored as the bytes it came as; one merged with a write of ours is
    /// encoded anew. Either way the stored body is what encoding the stored record writes.
    @Test func pulledBodies_AreStoredAsTheyCame_WhenTheCopyIsStoredAsItCame() throws {
        let store = try makeNode()
        func body(_ id: String) throws -> [UInt8] {
            try #require(try store.read { try $0.database.query("SELECT body FROM records WHERE id = ?", [.text(id)]) { $0.blob(0) }.first })
        }
        let hlc = { (wall: Int64) in HLCTimestamp(wallMillis: wall, logical: 0, replica: self.hub) }
        var fresh = Record(collection: "cases", id: "new", office: "soum-4305")
        fresh.write(["name": "Бат"], dot: Dot(replica: hub, counter: 1), hlc: hlc(1))
        let concurrentBase = try store.transaction { try $0.write(key("both"), office: "soum-4305", changes: ["name": "x"], now: 1) }
        var concurrent = Record(collection: "cases", id: "both", office: "soum-4305")
        concurrent.write(["phone": "991"], dot: Dot(replica: hub, counter: 2), hlc: hlc(2))
        let mine = try store.transaction { try $0.write(key("covered"), office: "soum-4305", changes: ["name": "y"], now: 1) }
        var covering = mine.record
        covering.write(["status": "received"], dot: Dot(replica: hub, counter: 3), hlc: hlc(3))

        let records = [fresh, concurrent, covering]
        // Bodies as a hub sends them; the second's bytes name no write of ours.
        let bodies = records.map(RecordJSON.encode)
        try store.applyPull(PullResponse(hub: hub, records: records, next: 3, more: false),
                            bodies: bodies.map { Optional($0) }, now: 5)

        #expect(try body("new") == bodies[0])
        #expect(try body("covered") == bodies[2])
        #expect(try store.read { try $0.load(key("covered")) }?.dirty == false, "the hub has all of it")
        let merged = try #require(try store.read { try $0.load(key("both")) })
        #expect(merged.record == concurrentBase.record.merged(with: concurrent))
        #expect(try body("both") == RecordJSON.encode(merged.record), "a merged copy is encoded, not taken as it came")
        #expect(try body("both") != bodies[1])
    }

    @Test func pulledCopyThatCoversOurs_ClearsDirty_EvenWhenTheAcknowledgementWasLost() throws {
        let store = try makeNode()
        let mine = try store.transaction { try $0.write(key("a"), office: "soum-4305", changes: ["name": "x"], now: 1) }
        // The hub merged our push, but its answer never arrived; it then pulls its copy.
        try store.applyPull(PullResponse(hub: hub, records: [mine.record], next: 1, more: false), now: 2)
        #expect(try store.status().pendingCount == 0)
        #expect(try store.nextOutboundBatch(limit: 10, now: 2) == nil)
    }

    @Test func hubChangeFeed_ReturnsOneOfficesRecordsInOrder_InPages() throws {
        let store = try ReplicaStore.create(path: dir.path("hub.db"), replica: hub, role: .hub, office: nil)
        for i in 0..<5 {
            let office = i % 2 == 0 ? "soum-1" : "soum-2"
            _ = try store.transaction { try $0.write(key("r\(i)"), office: office, changes: ["n": "\(i)"], now: 1) }
        }
        let first = try store.read { try $0.changes(in: .office("soum-1"), since: 0, limit: 2) }
        #expect(first.records.map(\.record.id) == ["r0", "r2"])
        #expect(first.more)
        let rest = try store.read { try $0.changes(in: .office("soum-1"), since: first.records.last!.localSeq, limit: 2) }
        #expect(rest.records.map(\.record.id) == ["r4"])
        #expect(!rest.more)
    }
}
