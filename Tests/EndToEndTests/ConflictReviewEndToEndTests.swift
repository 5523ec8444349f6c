import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// Issue 4's scenarios with a real hub on port 0 and a node syncing over HTTP.
@Suite struct ConflictReviewEndToEndTests {
    let dir = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: TestHub
    let token: String
    let node: TestNode
    var hubBook: CaseBook { CaseBook(store: hubStore) }
    var review: ConflictReview { ConflictReview(store: hubStore) }

    init() throws {
        hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        hub = try TestHub(store: hubStore)
        token = try OfficeRegistry(store: hubStore).add("soum-4305", now: 1)
        node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
    }

    func nodeConflicts() throws -> [Conflict] {
        try node.store.read { try $0.openConflicts(office: "soum-4305") }
    }

    @Test func sameNameEditedAtNodeAndHub_IsOneConflictOnBoth_AndKeepOtherClosesItEverywhere() async throws {
        defer { hub.stop() }
        let opened = try node.open("Бат")
        _ = try await node.sync()
        _ = try hubBook.set(opened.number, ["name": "Батаа"])
        _ = try node.book.set(opened.number, ["name": "Бат-Эрдэнэ"])
        _ = try await node.sync()

        #expect(try node.book.show(opened.number).values["name"] == hubBook.show(opened.number).values["name"])
        let atHub = try review.open()
        #expect(atHub.count == 1)
        let conflict = try #require(atHub.first)
        #expect(Set(conflict.values.map(\.value)) == ["Батаа", "Бат-Эрдэнэ"])
        #expect(Set(conflict.values.map(\.replica)) == ["hub-43", "soum-4305"])
        #expect(try nodeConflicts().map(\.id) == [conflict.id], "the same conflict, by the same id, at the node")

        let other = try #require(conflict.values.first { !$0.isCurrent }).value
        let resolution = try review.resolve(conflict.id, .other, by: "officer", now: Clock.nowMillis())
        #expect(resolution.value == other)
        #expect(try hubBook.show(opened.number).values["name"] == other)
        #expect(try review.open().isEmpty)
        _ = try await node.sync()
        #expect(try node.book.show(opened.number).values["name"] == other)
        #expect(try nodeConflicts().isEmpty)
        #expect(throws: ConflictReview.ReviewError.self) {
            try review.resolve(conflict.id, .winner, by: "officer", now: Clock.nowMillis())
        }
    }

    @Test func documentReceivedAtNode_WhileHubEditsAnotherField_IsNoConflict() async throws {
        defer { hub.stop() }
        let opened = try node.open("Бат", ["doc_passport": "missing"])
        _ = try await node.sync()
        _ = try hubBook.set(opened.number, ["reviewer": "Оюунаа"])
        _ = try node.book.set(opened.number, ["doc_passport": "received"])
        _ = try await node.sync()
        for view in [try node.book.show(opened.number), try hubBook.show(opened.number)] {
            #expect(view.values["doc_passport"] == "received")
            #expect(view.values["reviewer"] == "Оюунаа")
            #expect(view.conflicts.isEmpty)
        }
        #expect(try review.open().isEmpty)
    }

    @Test func statusMovedForwardOnBothSides_TheLaterStateWins_WithNothingToReview() async throws {
        defer { hub.stop() }
        let opened = try node.open("Бат")
        _ = try await node.sync()
        // The hub submits on the office's behalf and receives it, while the office,
        // offline, submits too.
        _ = try hubBook.set(opened.number, ["status": "submitted"])
        _ = try hubBook.set(opened.number, ["status": "received"])
        _ = try node.book.set(opened.number, ["status": "submitted"])
        _ = try await node.sync()
        let atNode = try node.book.show(opened.number)
        let atHub = try hubBook.show(opened.number)
        #expect(atNode.status == "received")
        #expect(atHub.status == "received")
        #expect(atNode.conflicts.isEmpty && atHub.conflicts.isEmpty, "the hub closed it by itself")
        let record = try #require(try node.store.read { try $0.load(RecordKey(collection: "cases", id: opened.number)) })
        #expect(record.record.entries("status").count == 1)
        #expect(try review.open().isEmpty)
    }

    @Test func hubAuthorityField_IsRefusedAtTheNode_AndAPushedNodeWriteOfItIsRefusedAtTheHub() async throws {
        defer { hub.stop() }
        let opened = try node.open("Бат")
        #expect(throws: WriteRules.Refusal.self) { try node.book.set(opened.number, ["decision": "approved"]) }
        #expect(throws: CaseError.self) { try node.book.set(opened.number, ["status": "approved"]) }

        // An older or hostile client sends a node's write of a hub-authority field,
        // next to an honest record: the honest one is merged, the other refused.
        let soum = ReplicaID("soum-4305")!
        var forged = Record(collection: "cases", id: "4305-2026-999999", office: "soum-4305")
        forged.write(["approved_amount": "9999999"], dot: Dot(replica: soum, counter: 100),
                     hlc: HLCTimestamp(wallMillis: Clock.nowMillis(), logical: 0, replica: soum))
        let honest = try #require(try node.store.read { try $0.load(RecordKey(collection: "cases", id: opened.number)) })
        let push = PushRequest(replica: soum, deliveredThrough: 0, latestCounter: 100, pendingCount: 2,
                               oldestPendingSeconds: 1, records: [forged, honest.record])
        let answer = try await exchange(hub.url.appendingPathComponent("v1/sync/push"), method: "POST", token: token,
                                        body: try JSONEncoder().encode(push))
        #expect(answer.status == 200)
        let results = try JSONDecoder().decode(PushResponse.self, from: answer.body).results
        #expect(results.map(\.outcome) == [.refused, .merged])
        #expect(results[0].field == "approved_amount")
        #expect(try hubStore.read { try $0.load(RecordKey(forged)) } == nil)
        #expect(try hubBook.show(opened.number).values["name"] == "Бат")
    }

    @Test func aNodeWithItsClockAYearAhead_StillConverges_AndTheHubReportsTheDrift() async throws {
        defer { hub.stop() }
        let yearAhead = Clock.nowMillis() + 365 * 24 * 3_600_000
        let opened = try node.book.open(service: .welfarePension, registerNumber: try RegisterNumber.parse("УБ58010312"),
                                        name: "Ахмад", now: yearAhead)
        _ = try await node.sync()
        let office = try #require(try OfficeRegistry(store: hubStore).office("soum-4305"))
        let drift = try #require(office.clockAheadMillis)
        #expect(drift > 364 * 24 * 3_600_000, "the hub reports about a year of drift")
        // The hub's clock did not jump a year: its next write is stamped with its own time.
        _ = try hubBook.set(opened.number, ["status": "submitted"])
        let entry = try #require(try hubStore.read { try $0.load(RecordKey(collection: "cases", id: opened.number)) }?
            .record.entries("status").first)
        #expect(entry.hlc.wallMillis < Clock.nowMillis() + 60_000)
        _ = try await node.sync()
        #expect(try node.book.show(opened.number).values == hubBook.show(opened.number).values)
        #expect(try node.book.show(opened.number).status == "submitted")
    }

    @Test func caseDeletedAtNode_WhileTheHubEditedIt_StaysListed_AndCanBeRestored() async throws {
        defer { hub.stop() }
        let opened = try node.open("Бат")
        _ = try await node.sync()
        _ = try hubBook.set(opened.number, ["phone": "88001122"])
        _ = try node.book.delete(opened.number)
        _ = try await node.sync()
        let conflict = try #require(try review.open().first)
        #expect(conflict.kind == .deletion)
        #expect(conflict.values.contains { $0.value == "phone=88001122" && $0.replica == "hub-43" })
        #expect(try nodeConflicts().map(\.id) == [conflict.id])
        _ = try review.resolve(conflict.id, .other, by: "officer", now: Clock.nowMillis())
        _ = try await node.sync()
        let restored = try node.book.show(opened.number)
        #expect(!restored.isDeleted)
        #expect(restored.values["phone"] == "88001122")
        #expect(try nodeConflicts().isEmpty && review.open().isEmpty)
    }

    @Test func keepingADeletion_OverAConcurrentRestore_RecordsWhatThePersonSaw_SoNoConflictComesBack() async throws {
        defer { hub.stop() }
        let opened = try node.open("Бат")
        _ = try await node.sync()
        _ = try hubBook.delete(opened.number)
        _ = try await node.sync()
        _ = try node.book.restore(opened.number)          // the office brings it back…
        _ = try hubBook.delete(opened.number)             // …while the district deletes it again
        _ = try node.book.set(opened.number, ["phone": "99112233"])
        _ = try await node.sync()
        let conflict = try #require(try review.open().first { $0.field == "deleted" && $0.kind == .values })
        _ = try review.resolve(conflict.id, .writtenBy("hub-43"), by: "officer", now: Clock.nowMillis())
        #expect(try review.open().isEmpty, "the officer saw the phone edit when keeping the deletion")
        _ = try await node.sync()
        #expect(try node.book.show(opened.number).isDeleted)
        #expect(try nodeConflicts().isEmpty)
    }
}
