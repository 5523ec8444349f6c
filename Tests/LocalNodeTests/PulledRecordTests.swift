import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

/// A node takes from its hub only what it can hold safely (issue 13): a pulled record
/// that breaks an invariant is refused alone with its reason shown, never trapped on.
@Suite struct PulledRecordTests {
    let dir = TemporaryDirectory()
    let soum = ReplicaID("soum-4305")!
    let hub = ReplicaID("hub-43")!

    func makeNode() throws -> ReplicaStore {
        try ReplicaStore.create(path: dir.path("node.db"), replica: soum, role: .node, office: "soum-4305")
    }

    func hubRecord(_ id: String, office: String = "soum-4305", counter: UInt64, _ changes: [String: String]) -> Record {
        var record = Record(collection: "cases", id: id, office: office)
        record.write(changes, dot: Dot(replica: hub, counter: counter), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: hub))
        return record
    }

    @Test func recordOfAnotherOffice_IsRefusedAlone_AndTheRestOfTheBatchIsMerged() throws {
        let store = try makeNode()
        let ours = hubRecord("4305-2026-000001", counter: 1, ["name": "a"])
        let theirs = hubRecord("4306-2026-000001", office: "soum-4306", counter: 2, ["name": "b"])
        try store.applyPull(PullResponse(hub: hub, records: [theirs, ours], next: 9, more: false), now: 1)
        #expect(try store.read { try $0.load(RecordKey(ours)) }?.record == ours)
        #expect(try store.read { try $0.load(RecordKey(theirs)) } == nil)
        #expect(try store.pullCheckpoint() == 9)
        let refused = try store.status().refusedFromHub
        #expect(refused.map(\.id) == ["4306-2026-000001"])
        #expect(refused.first?.reason.contains("office soum-4306") == true)
    }

    /// Attack 4 of issue 13: a copy claiming writes of this node far beyond its counter
    /// made `case set`, the web app's checklist and sync's acknowledgement trap.
    @Test func copyClaimingOurWritesBeyondOurCounter_IsRefused_AndTheNodeKeepsWorking() throws {
        let store = try makeNode()
        let book = CaseBook(store: store)
        let opened = try book.open(service: .pregnancyAllowance, registerNumber: try RegisterNumber.parse("УБ99032312"), name: "Бат", now: 1)
        var forged = try #require(try store.read { try $0.load(RecordKey(collection: "cases", id: opened.number)) }).record
        forged = Record(collection: forged.collection, id: forged.id, office: forged.office, fields: forged.fields.merging([
            WorkflowFields.decreeNumber: [FieldEntry(value: "A/1", dot: Dot(replica: hub, counter: 3), hlc: HLCTimestamp(wallMillis: 2, logical: 0, replica: hub))],
        ]) { a, _ in a }, vector: VersionVector([soum: 1_000_000, hub: 3]))
        try store.applyPull(PullResponse(hub: hub, records: [forged], next: 4, more: false), now: 2)
        #expect(try store.status().refusedFromHub.first?.reason.contains("up to 1000000") == true)
        // Nothing of it is here: the case is as this office wrote it, and can be edited.
        let edited = try book.set(opened.number, ["phone": "99112233"], now: 3)
        #expect(edited.values["phone"] == "99112233")
        #expect(edited.values[WorkflowFields.decreeNumber] == nil)
        // A later honest copy clears the refusal.
        let honest = try #require(try store.read { try $0.load(RecordKey(collection: "cases", id: opened.number)) }).record
        try store.applyPull(PullResponse(hub: hub, records: [honest], next: 5, more: false), now: 4)
        #expect(try store.status().refusedFromHub.isEmpty)
    }

    /// Had such a copy been stored before pulls were checked, writing to it is refused
    /// with a reason instead of trapping, and acknowledging its decision is skipped.
    @Test func storedCopyBeyondOurCounter_RefusesTheWrite_WithoutTrapping() throws {
        let store = try makeNode()
        var forged = hubRecord("4305-2026-000007", counter: 3, [WorkflowFields.decreeNumber: "A/9", "status": "approved"])
        forged = Record(collection: forged.collection, id: forged.id, office: forged.office, fields: forged.fields,
                        vector: forged.vector.merged(with: VersionVector([soum: 50])))
        try store.transaction { tx in
            _ = try tx.merge(forged, held: nil, from: .upstream, now: 1)
        }
        #expect(throws: WriteBeyondCounter.self) {
            _ = try CaseBook(store: store).set("4305-2026-000007", ["phone": "1"], now: 2)
        }
        #expect(try CaseBook(store: store).acknowledgeDecisions([RecordKey(forged)], now: 3) == 0)
        #expect(try store.read { try $0.latestCounter() } == 0)
    }

    @Test func unknownCollections_HubFieldsWrittenByAnOffice_AndBadShapes_AreRefused() throws {
        let store = try makeNode()
        var unknown = Record(collection: "payments", id: "x", office: "soum-4305")
        unknown.write(["a": "1"], dot: Dot(replica: hub, counter: 1), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: hub))
        var officeDecision = Record(collection: "cases", id: "4305-2026-000002", office: "soum-4305")
        let other = ReplicaID("soum-4305_rx1")!
        officeDecision.write(["decision": "approved"], dot: Dot(replica: other, counter: 1), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: other))
        var badName = Record(collection: "cases", id: "4305-2026-000003", office: "soum-4305")
        badName.write(["Bad Name": "1"], dot: Dot(replica: hub, counter: 2), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: hub))
        try store.applyPull(PullResponse(hub: hub, records: [unknown, officeDecision, badName], next: 3, more: false), now: 1)
        #expect(try store.status().recordCount == 0)
        let reasons = try store.status().refusedFromHub.map(\.reason)
        #expect(reasons.count == 3)
        #expect(reasons.contains { $0.contains("does not keep") })
        #expect(reasons.contains { $0.contains("only the district hub sets decision") })
        #expect(reasons.contains { $0.contains("is not a field name") })
    }
}
