import Testing
@testable import SyncModel

/// An office's token reaches its own records and replicas, nothing of another office or of
/// the hub; `PushAcceptance` asks the scope.
struct SyncScopeTests {
    let scope = SyncScope.office("soum-4305")

    @Test func anOfficesScope_HoldsItsOwnRecordsAndReplicas_AndNoOneElses() {
        #expect(scope.holder == "soum-4305")
        #expect(scope.contains(office: "soum-4305"))
        #expect(!scope.contains(office: "soum-4306"))
        #expect(!scope.contains(office: "soum-43050"))
        #expect(scope.owns(replica: ReplicaID("soum-4305")!))
        // A node restored from a backup writes under a new id of the same lineage.
        #expect(scope.owns(replica: ReplicaID("soum-4305_rk3x9")!))
        #expect(!scope.owns(replica: ReplicaID("soum-4306")!))
        #expect(!scope.owns(replica: ReplicaID("soum-4306_rk3x9")!))
        #expect(!scope.owns(replica: ReplicaID("hub-43")!))
        #expect("\(scope)" == "soum-4305")
    }

    @Test func aScopeOfSeveralOffices_NamesItsHolderAndEach() {
        let district = SyncScope.district("hub-43", offices: ["soum-4306", "soum-4305"])
        #expect(district.contains(office: "soum-4305") && district.contains(office: "soum-4306"))
        #expect(!district.contains(office: "soum-4307"))
        #expect(district.sortedOffices == ["soum-4305", "soum-4306"])
        #expect("\(district)" == "hub-43 (soum-4305, soum-4306)")
    }

    @Test func theAcceptanceRule_RefusesARecordOutsideTheScope_AndTakesOneInside() {
        let acceptance = PushAcceptance(
            scope: scope, replica: ReplicaID("soum-4305")!, latestCounter: 1,
            hub: ReplicaID("hub-43")!, hubCounter: 0, formerHubIDs: [])
        func record(office: String) -> Record {
            var record = blankCase(id: "\(CaseNumber.officeCode(of: office))-2026-000001", office: office)
            var writer = Writer(office)
            writer.write(["name": "Бат"], to: &record)
            return record
        }
        guard case .refused(let refusal) = acceptance.verdict(on: record(office: "soum-4306"), held: nil) else {
            Issue.record("another office's record was accepted")
            return
        }
        #expect(refusal.reason.contains("names office soum-4306, not soum-4305"))
        guard case .accepted = acceptance.verdict(on: record(office: "soum-4305"), held: nil) else {
            Issue.record("the office's own new record was refused")
            return
        }
    }
}
