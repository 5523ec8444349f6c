import SyncModel
import Testing

/// `record.automaticClosings`: what a hub writes as soon as it sees siblings that need
/// no person (workflow, checklist flags, hub authority), and when it writes nothing.
@Suite("automatic closings by the hubs")
struct AutomaticClosingTests {
    /// status siblings: the office submitted while hub-43 received, concurrently.
    static func statusSiblings() -> (base: Record, office: Record, hub: Record) {
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub)
        office.write(["status": "draft"], to: &base, wall: 1_000)
        var a = base, b = base
        office.write(["status": "submitted"], to: &a, wall: 2_000)
        hub.write(["status": "received"], to: &b, wall: 2_100)
        return (base, a, b)
    }

    @Test func twoHubsClosingWritesThatAgreeOnTheValueDoNotTriggerFurtherClosings() {
        let (_, a, b) = Self.statusSiblings()
        let both = a.merged(with: b)
        #expect(both.automaticClosings == ["status": "received"])
        // hub-43 and the national hub each see the siblings and close them, concurrently.
        var atHub = both, atNational = both
        var hub = Pen(Scenario.hub), national = Pen(Scenario.national)
        hub.write(atHub.automaticClosings, to: &atHub, wall: 3_000)
        national.write(atNational.automaticClosings, to: &atNational, wall: 3_100)
        let merged = atHub.merged(with: atNational)
        #expect(merged.entries("status").count == 2, "two closing writes, concurrent")
        #expect(Set(merged.entries("status").map(\.value)) == ["received"])
        #expect(merged.automaticClosings.isEmpty, "they agree: nothing more to write")
        #expect(merged.openConflicts.isEmpty)
        #expect(merged.value("status") == "received")
    }

    @Test func twoHubsClosingWritesThatDisagreeSettleAfterOneMoreClosing() {
        let (base, a, b) = Self.statusSiblings()
        var c = base
        var hub = Pen(Scenario.hub), national = Pen(Scenario.national)
        national.write(["status": "approved"], to: &c, wall: 2_200)
        // hub-43 saw {submitted, received}; the national hub saw {submitted, approved}.
        var atHub = a.merged(with: b), atNational = a.merged(with: c)
        hub.write(atHub.automaticClosings, to: &atHub, wall: 3_000)
        national.write(atNational.automaticClosings, to: &atNational, wall: 3_100)
        #expect(atHub.value("status") == "received" && atNational.value("status") == "approved")
        var merged = atHub.merged(with: atNational)
        #expect(merged.automaticClosings == ["status": "approved"])
        hub.write(merged.automaticClosings, to: &merged, wall: 4_000)
        #expect(merged.entries("status").count == 1 && merged.automaticClosings.isEmpty)
        #expect(atNational.merged(with: merged) == merged, "the national hub's copy adds nothing")
    }

    @Test func closingsCoverExactlyThePoliciesThatNeedNoPerson() {
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub), national = Pen(Scenario.national)
        office.write(Scenario.created, to: &base, wall: 1_000)
        var a = base, b = base, c = base
        office.write(["name": "Батболд", "status": "submitted", "doc_photo": "received", Record.tombstoneField: "false"], to: &a, wall: 2_000)
        hub.write(["name": "Бат-Эрдэнэ", "status": "draft", "doc_photo": "missing", "decision": "approved"], to: &b, wall: 2_100)
        national.write(["decision": "rejected", "phone": "88001100"], to: &c, wall: 2_200)
        hub.write(b.deletionChanges, to: &b, wall: 2_300)
        let merged = a.merged(with: b).merged(with: c)
        #expect(Set(merged.fieldsWithSiblings).isSuperset(of: ["name", "status", "doc_photo", "decision", Record.tombstoneField]))
        #expect(merged.automaticClosings == ["status": "submitted", "doc_photo": "received", "decision": "rejected"])
        #expect(merged.automaticClosings == Oracle.expectedClosings(merged))
        let listed = Set(merged.openConflicts.filter { $0.kind == .values }.map(\.field))
        #expect(listed == ["name", Record.tombstoneField], "only last-writer-wins fields wait for a person")
    }

    @Test func theClosingWriteHasSeenEverySiblingItReplacesAndNoStaleCopyBringsThemBack() {
        let (base, a, b) = Self.statusSiblings()
        var closed = a.merged(with: b)
        var hub = Pen(Scenario.hub)
        let closing = hub.write(closed.automaticClosings, to: &closed, wall: 3_000)
        for entry in a.entries("status") + b.entries("status") { #expect(closed.vector.covers(entry.dot)) }
        for stale in [base, a, b, a.merged(with: b)] {
            #expect(stale.merged(with: closed).entries("status").map(\.dot) == [closing])
            #expect(closed.merged(with: stale) == closed)
        }
    }

    @Test func siblingsThatAgreeAreNotRewritten() {
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub)
        office.write(["status": "draft"], to: &base, wall: 1_000)
        var a = base, b = base
        office.write(["status": "submitted", "doc_photo": "received"], to: &a, wall: 2_000)
        hub.write(["status": "submitted", "doc_photo": "received"], to: &b, wall: 2_100)
        let merged = a.merged(with: b)
        #expect(merged.fieldsWithSiblings == ["doc_photo", "status"])
        #expect(merged.automaticClosings.isEmpty && merged.openConflicts.isEmpty)
    }
}
