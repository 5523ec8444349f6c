import SyncModel
import Testing

/// Per-item flags (the document checklist, one `doc_<document>` field each): received
/// wins over missing whatever the clocks, and the hub closes the siblings itself.
@Suite("flag: the document checklist")
struct ChecklistFlagTests {
    let id = Scenario.caseID

    @Test func aDocumentMarkedReceivedAtTheOfficeWhileTheHubEditsAnotherFieldIsNoConflictAndKeepsBothChanges() throws {
        var net = Scenario.network()
        let received = try #require(net.write(["doc_passport": "received"], case: id, at: Scenario.office).dot)
        let phone = try #require(net.write(["phone": "88001100"], case: id, at: Scenario.hub).dot)
        net.syncUntilQuiet()
        for name in [Scenario.office, Scenario.hub] {
            let copy = try #require(net.copy(id, at: name))
            #expect(copy.entries("doc_passport").map(\.dot) == [received], "\(name)")
            #expect(copy.entries("phone").map(\.dot) == [phone], "\(name)")
            #expect(copy.value("doc_passport") == "received" && copy.value("phone") == "88001100")
            #expect(copy.fieldsWithSiblings.isEmpty && copy.openConflicts.isEmpty)
        }
        #expect(net.writes.values.allSatisfy { $0.kind != .automaticClosing }, "nothing to close")
        #expect(net.convergenceProblems().isEmpty)
    }

    /// Who marks the document received, and whose clock is a year off.
    static let clockCases: [(receivedAt: String, offsets: [String: Int64])] = [
        (Scenario.office, [Scenario.office: -Scenario.year]),
        (Scenario.office, [Scenario.hub: Scenario.year]),
        (Scenario.hub, [Scenario.office: Scenario.year]),
        (Scenario.hub, [Scenario.hub: -Scenario.year]),
        (Scenario.office, [:]),
    ]

    @Test(arguments: clockCases.indices)
    func receivedBeatsMissingWhateverTheClocks(caseIndex: Int) throws {
        let (receivedAt, offsets) = Self.clockCases[caseIndex]
        var net = Scenario.network(clockOffsets: offsets)
        let missingAt = receivedAt == Scenario.hub ? Scenario.office : Scenario.hub
        // Both write after the creation: "missing" again on one side, "received" on the other.
        net.write(["doc_photo": "received"], case: id, at: receivedAt)
        net.later()
        net.write(["doc_photo": "missing", "notes": "зураг дутуу"], case: id, at: missingAt)
        net.pull(Scenario.office)
        let withSiblings = try #require(net.copy(id, at: Scenario.office))
        #expect(withSiblings.entries("doc_photo").count == 2)
        #expect(withSiblings.value("doc_photo") == "received")
        #expect(withSiblings.openConflicts.isEmpty)

        net.syncUntilQuiet()
        for name in [Scenario.office, Scenario.hub] {
            let copy = try #require(net.copy(id, at: name))
            #expect(copy.value("doc_photo") == "received", "\(name), received at \(receivedAt), clocks \(offsets)")
            #expect(copy.entries("doc_photo").count == 1, "closed by the hub")
        }
        #expect(net.convergenceProblems().isEmpty)
    }

    @Test func theHubClosesFlagSiblingsByWritingReceivedAndOnlyWhenTheyDisagree() {
        var base = blankCase()
        var office = Pen(Scenario.office), hub = Pen(Scenario.hub)
        office.write(["doc_photo": "missing"], to: &base, wall: 1_000)
        var a = base, b = base
        office.write(["doc_photo": "received"], to: &a, wall: 2_000)
        hub.write(["doc_photo": "missing"], to: &b, wall: 9_000)
        #expect(a.merged(with: b).automaticClosings == ["doc_photo": "received"])

        var c = base
        hub.write(["doc_photo": "received"], to: &c, wall: 9_000)
        #expect(a.merged(with: c).automaticClosings.isEmpty, "both say received: nothing to close")
        #expect(a.merged(with: c).openConflicts.isEmpty)
    }

    @Test func everyDocFieldIsAFlag() {
        for field in ["doc_passport", "doc_photo", "doc_birth_certificate"] {
            #expect(FieldPolicies.policy(collection: "cases", field: field) == .flag)
        }
    }
}
