import SyncModel
import Testing

/// `hubAuthority` (decision, decree, approved amount, payment): only a hub writes them;
/// an office's write is refused, and so is a pushed copy carrying one; among siblings
/// the hub's entry wins, and siblings between two hubs are closed automatically.
@Suite("hubAuthority: decisions, decrees, amounts and payments")
struct HubAuthorityTests {
    let id = Scenario.caseID

    @Test(arguments: Oracle.hubAuthorityFields.sorted())
    func anOfficesWriteOfAHubAuthorityFieldIsRefusedAndAHubsIsNot(field: String) {
        #expect(FieldPolicies.policy(collection: "cases", field: field) == .hubAuthority)
        let refusal = WriteRules.check(
            collection: "cases", changes: [field: "x", "name": "Дорж"], writer: rid(Scenario.office), existing: blankCase())
        #expect(refusal?.field == field)
        #expect(refusal.map { !$0.reason.isEmpty } == true, "with a clear reason")
        #expect(WriteRules.check(collection: "cases", changes: [field: "x"], writer: rid(Scenario.hub), existing: blankCase()) == nil)
        #expect(WriteRules.check(collection: "cases", changes: [field: "x"], writer: rid(Scenario.national), existing: nil) == nil)
    }

    /// A pushed copy with several refused fields names the first of them by name,
    /// whatever order the record's fields are kept in.
    @Test func aPushedCopyWithSeveralRefusedFieldsNamesTheFirstByName() {
        let fields = ["payment", "decision", "approved_amount", "decree_number", "status", "paid_at"]
        for rotation in 0..<fields.count {
            var record = blankCase()
            var office = Pen(Scenario.office)
            let order = Array(fields[rotation...] + fields[..<rotation])
            for (index, field) in order.enumerated() {
                office.write([field: field == "status" ? Workflow.hubOnly.sorted()[0] : "x", "name": "n\(index)"], to: &record, wall: Int64(index + 1))
            }
            #expect(WriteRules.check(pushed: record)?.field == "approved_amount")
        }
        var onlyStatus = blankCase()
        var office = Pen(Scenario.office)
        office.write(["status": Workflow.hubOnly.sorted()[0], "name": "n"], to: &onlyStatus, wall: 1)
        #expect(WriteRules.check(pushed: onlyStatus)?.field == "status")
    }

    @Test func anOfficesWriteOfADecisionIsNotMadeAndNeverReachesTheHub() throws {
        var net = Scenario.network()
        let outcome = net.write(["decision": "approved"], case: id, at: Scenario.office)
        #expect(outcome.refusal?.field == "decision")
        #expect(net.copy(id, at: Scenario.office)?.entries("decision").isEmpty == true)
        net.syncUntilQuiet()
        #expect(net.copy(id, at: Scenario.hub)?.entries("decision").isEmpty == true)
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func aPushedCopyCarryingAnOfficesHubAuthorityEntryIsRefusedAndOneCarryingTheHubsIsNot() throws {
        var net = Scenario.network()
        // The hub decides; the office pulls the decision and pushes its copy back: fine.
        net.write(["decision": "approved", "approved_amount": "325000"], case: id, at: Scenario.hub)
        net.syncUntilQuiet()
        let withHubsDecision = try #require(net.copy(id, at: Scenario.office))
        #expect(WriteRules.check(pushed: withHubsDecision) == nil)

        // A copy in which the office itself wrote the amount (past its own rules).
        var forged = withHubsDecision
        var office = Pen(Scenario.office)
        office.write(["approved_amount": "9999999"], to: &forged, wall: 1)
        #expect(WriteRules.check(pushed: forged)?.field == "approved_amount")

        // The hub refuses it whole, and keeps what it had.
        let before = net.copy(id, at: Scenario.hub)
        net.receive([Network.Copy(record: forged, seen: [])], at: 0, from: net.index(Scenario.office))
        #expect(net.stats.refusedPushes == 1)
        #expect(net.copy(id, at: Scenario.hub) == before)
    }

    @Test func theHubsEntryWinsOverAnOfficesEntryWhateverTheClocks() {
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub)
        office.write(["name": "Дорж"], to: &base, wall: 1_000)
        var a = base, b = base
        office.write(["decision": "approved"], to: &a, wall: 1_000_000)  // past the rules, a later clock
        hub.write(["decision": "rejected"], to: &b, wall: 2_000)
        let merged = a.merged(with: b)
        #expect(merged.value("decision") == "rejected")
        #expect(merged.automaticClosings == ["decision": "rejected"])
        #expect(merged.openConflicts.isEmpty)
    }

    @Test func twoHubsConcurrentDecisionsAreClosedAutomaticallyWithTheLaterHubsEntry() throws {
        var net = Scenario.network(national: true)
        net.write(["decision": "approved"], case: id, at: Scenario.hub)
        net.later()
        let later = try #require(net.write(["decision": "rejected"], case: id, at: Scenario.national).dot)
        net.pull(Scenario.hub)
        let hub = try #require(net.copy(id, at: Scenario.hub))
        #expect(hub.entries("decision").count == 2)
        #expect(hub.value("decision") == "rejected")
        #expect(hub.openConflicts.isEmpty, "no person needed")

        net.syncUntilQuiet()
        for name in [Scenario.office, Scenario.hub, Scenario.national] {
            let copy = try #require(net.copy(id, at: name))
            #expect(copy.value("decision") == "rejected", "\(name)")
            #expect(copy.entries("decision").count == 1, "\(name): closed by a hub")
            #expect(copy.entries("decision").first?.dot != later, "\(name): by a closing write, not the original")
        }
        #expect(net.stats.closings[.hubAuthority] == 1)
        #expect(net.convergenceProblems().isEmpty)
    }
}
