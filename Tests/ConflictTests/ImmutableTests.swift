import SyncModel
import Testing

/// `immutable` (events, comments): records written once and never edited, never in
/// conflict.
@Suite("immutable: events and comments")
struct ImmutableTests {
    let key = RecordKey("events", "4301-ev-1")
    let event = ["case": Scenario.caseID, "kind": "note", "text": "иргэн ирсэн"]

    @Test(arguments: ["events", "comments"])
    func aRecordEditedAfterCreationIsRefusedByWriteRulesAtAnOfficeAndAtAHub(collection: String) {
        var existing = Record(collection: collection, id: "4301-ev-1", office: Scenario.office)
        var office = Pen(Scenario.office)
        office.write(event, to: &existing, wall: 1_000)
        #expect(FieldPolicies.policy(collection: collection, field: "text") == .immutable)
        #expect(WriteRules.check(collection: collection, changes: event, writer: rid(Scenario.office), existing: nil) == nil,
                "written once")
        for writer in [Scenario.office, Scenario.hub, Scenario.national] {
            let refusal = WriteRules.check(collection: collection, changes: ["text": "засвар"], writer: rid(writer), existing: existing)
            #expect(refusal?.field == "text", "\(writer)")
        }
        #expect(WriteRules.check(collection: collection, changes: existing.deletionChanges, writer: rid(Scenario.hub), existing: existing) != nil,
                "not even deleted")
    }

    @Test func aPushedEventCarryingMoreThanOneWriteIsRefused() {
        var record = Record(collection: "events", id: "4301-ev-1", office: Scenario.office)
        var office = Pen(Scenario.office)
        office.write(event, to: &record, wall: 1_000)
        #expect(WriteRules.check(pushed: record) == nil)
        office.write(["text": "засвар"], to: &record, wall: 2_000)
        #expect(WriteRules.check(pushed: record) != nil)
    }

    @Test func anEventIsCreatedOnceAndReachesEveryReplicaUnchangedAndNeverInConflict() throws {
        var net = Scenario.network(national: true)
        let created = try #require(net.write(event, to: key, at: net.index(Scenario.office)).dot)
        net.syncUntilQuiet()
        #expect(net.write(["text": "засвар"], to: key, at: 0).refusal != nil)
        #expect(net.write(["text": "засвар"], to: key, at: net.index(Scenario.office)).refusal != nil)
        net.syncUntilQuiet()
        for name in [Scenario.office, Scenario.hub, Scenario.national] {
            let copy = try #require(net.copy(key.id, key.collection, at: name))
            #expect(Set(copy.fields.values.joined().map(\.dot)) == [created], "\(name)")
            #expect(copy.currentValues == event && copy.openConflicts.isEmpty && copy.automaticClosings.isEmpty)
        }
        #expect(net.convergenceProblems().isEmpty)
    }
}
