import SyncModel
import Testing

/// `workflow` (case status): the later state in the workflow order is shown; a hub-only
/// state counts only from a hub; the hub closes siblings itself, no person needed.
@Suite("workflow: case status moved at an office and at the hub")
struct WorkflowTests {
    let id = Scenario.caseID

    @Test func statusMovedForwardAtBothSidesConcurrentlyEndsAtTheLaterStateWithNoConflictToReview() throws {
        var net = Scenario.network()
        let submitted = try #require(net.write(["status": "submitted"], case: id, at: Scenario.office).dot)
        let received = try #require(net.write(["status": "received"], case: id, at: Scenario.hub).dot)

        // The office pulls first: it holds both states, shows the later one, lists nothing.
        net.pull(Scenario.office)
        let atOffice = try #require(net.copy(id, at: Scenario.office))
        #expect(Set(atOffice.entries("status").map(\.dot)) == [submitted, received])
        #expect(atOffice.value("status") == "received")
        #expect(atOffice.openConflicts.isEmpty)
        #expect(atOffice.automaticClosings == ["status": "received"], "what a hub would write")

        // The office pushes: the hub merges and at once writes the winner over both.
        net.push(Scenario.office)
        let hub = try #require(net.copy(id, at: Scenario.hub))
        let closing = try #require(hub.entries("status").first)
        #expect(hub.entries("status").count == 1)
        #expect(closing.value == "received" && closing.dot.replica == rid(Scenario.hub) && closing.dot.counter > received.counter)
        #expect(net.writes[closing.dot]?.kind == .automaticClosing)
        #expect(net.writes[closing.dot]?.seenBefore.isSuperset(of: [submitted, received]) == true, "the closing saw both siblings")
        #expect(hub.openConflicts.isEmpty)

        // After the next pull, the siblings are gone at the office too.
        net.syncUntilQuiet()
        let office = try #require(net.copy(id, at: Scenario.office))
        #expect(office.entries("status") == [closing])
        #expect(Network.bytes(office) == Network.bytes(hub))
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test(arguments: Oracle.hubOnlyStates.sorted())
    func aHubOnlyStateWrittenByAnOfficeNeverWins(state: String) {
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub)
        office.write(["status": "draft"], to: &base, wall: 1_000)
        var atOffice = base, atHub = base
        // Past WriteRules, with the later clock: still never the current value.
        office.write(["status": state], to: &atOffice, wall: 9_000)
        hub.write(["status": "draft"], to: &atHub, wall: 2_000)
        let merged = atOffice.merged(with: atHub)
        #expect(MergePolicy.workflow.current(among: merged.entries("status"))?.dot.replica == rid(Scenario.hub))
        #expect(merged.value("status") == "draft")
        #expect(merged.automaticClosings == ["status": "draft"])
        #expect(WriteRules.check(pushed: atOffice)?.field == "status", "and the hub refuses such a copy")
        // The same state written by another hub wins over the draft, even with an earlier clock.
        var national = Pen(Scenario.national), byHub = base
        national.write(["status": state], to: &byHub, wall: 500)
        #expect(byHub.merged(with: atHub).value("status") == state)
    }

    @Test(arguments: Oracle.allStates)
    func anOfficeMayWriteOnlyDraftOrSubmittedAndAHubAnyState(state: String) {
        let existing = blankCase()
        let byOffice = WriteRules.check(collection: "cases", changes: ["status": state], writer: rid(Scenario.office), existing: existing)
        #expect((byOffice != nil) == Oracle.hubOnlyStates.contains(state), "\(state): \(String(describing: byOffice))")
        #expect(byOffice.map(\.field) ?? "status" == "status")
        #expect(WriteRules.check(collection: "cases", changes: ["status": state], writer: rid(Scenario.hub), existing: existing) == nil)
    }

    @Test func theLaterWorkflowStateWinsWhateverTheClocks() throws {
        // The office's clock is a year ahead; the hub's "received" still wins.
        var net = Scenario.network(clockOffsets: [Scenario.office: Scenario.year])
        net.write(["status": "submitted"], case: id, at: Scenario.office)
        net.write(["status": "received"], case: id, at: Scenario.hub)
        net.syncUntilQuiet()
        #expect(net.copy(id, at: Scenario.office)?.value("status") == "received")

        // The hub's clock is a year ahead; the office's "submitted" still beats its "draft".
        var other = Scenario.network(clockOffsets: [Scenario.hub: Scenario.year])
        other.write(["status": "submitted"], case: id, at: Scenario.office)
        other.write(["status": "draft"], case: id, at: Scenario.hub)
        other.syncUntilQuiet()
        let office = try #require(other.copy(id, at: Scenario.office))
        #expect(office.value("status") == "submitted")
        #expect(office.entries("status").map(\.dot.replica) == [rid(Scenario.hub)], "closed by the hub")
        #expect(net.convergenceProblems().isEmpty && other.convergenceProblems().isEmpty)
    }

    @Test func statesOfTheSameStepAreDecidedByTheClock() {
        var base = blankCase()
        var hub = Pen(Scenario.hub), national = Pen(Scenario.national)
        hub.write(["status": "received"], to: &base, wall: 1_000)
        var a = base, b = base
        hub.write(["status": "approved"], to: &a, wall: 5_000)
        national.write(["status": "rejected"], to: &b, wall: 6_000)
        #expect(a.merged(with: b).value("status") == "rejected")
        #expect(a.merged(with: b).automaticClosings == ["status": "rejected"])
    }

    @Test func theWorkflowOrderIsTheOneInTheDesign() {
        #expect(Set(Workflow.ranks.keys) == Set(Oracle.allStates))
        #expect(Workflow.hubOnly == Oracle.hubOnlyStates)
        #expect(FieldPolicies.policy(collection: "cases", field: "status") == .workflow)
        // Between two hub entries the later step wins, whichever clock is later.
        for (i, earlier) in Oracle.workflowSteps.enumerated() {
            for later in Oracle.workflowSteps[(i + 1)...] {
                for x in earlier {
                    for y in later {
                        let early = FieldEntry(value: x, dot: dot("hub-43", 1), hlc: hlc(9_000, 0, "hub-43"))
                        let late = FieldEntry(value: y, dot: dot("hub-national", 1), hlc: hlc(1_000, 0, "hub-national"))
                        #expect(MergePolicy.workflow.current(among: [early, late])?.value == y, "\(y) after \(x)")
                        #expect(MergePolicy.workflow.current(among: [late, early])?.value == y, "\(y) after \(x)")
                    }
                }
            }
        }
    }
}
