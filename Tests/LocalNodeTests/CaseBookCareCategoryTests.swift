import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

/// The care category at the node and the hub: checked where set, required to submit,
/// required to approve, and carried by the decision as its legal ground.
@Suite struct CaseBookCareCategoryTests {
    let dir = TemporaryDirectory()
    let elder = try! RegisterNumber.parse("УБ45010112")
    // 2026-11-25 12:00 UTC
    let now: Int64 = 1_795_608_000_000

    func makeBook() throws -> CaseBook {
        CaseBook(store: try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
    }

    /// A care case with every document received.
    func completeCase(_ book: CaseBook, _ service: Service, fields: [String: String] = [:]) throws -> String {
        let opened = try book.open(service: service, registerNumber: elder, name: "Дорж", fields: fields, now: now)
        _ = try book.markDocuments(opened.number, received: Set(Checklists.documents(for: service, stage: .soum).map(\.id)), now: now)
        return opened.number
    }

    @Test func aCategoryThatDoesNotFitTheService_IsRefused_ListingTheOnesThatDo() throws {
        let book = try makeBook()
        let error = try #require(throws: CaseError.self) {
            try book.open(service: .careElderly, registerNumber: elder, name: "Дорж",
                          fields: [CareCategory.field: "triplets_under_4"], now: now)
        }
        #expect(error.description.contains("care_category") && error.description.contains("elderly_without_support"))
        #expect(try book.list().isEmpty, "nothing was opened")
        let opened = try book.open(service: .careChildren, registerNumber: elder, name: "Дорж", now: now)
        #expect(throws: CaseError.self) { try book.set(opened.number, [CareCategory.field: "elderly_without_support"], now: now) }
        let set = try book.set(opened.number, [CareCategory.field: "disabled_child_in_permanent_care"], now: now)
        #expect(set.values[CareCategory.field] == "disabled_child_in_permanent_care")
        #expect(throws: CaseError.self) {
            try book.open(service: .welfarePension, registerNumber: elder, name: "Дорж",
                          fields: [CareCategory.field: "elderly_without_support"], now: now)
        }
    }

    @Test func aCareCaseWithoutACategory_IsNotSubmitted_UntilOneIsRecorded() throws {
        let book = try makeBook()
        let number = try completeCase(book, .careDisabled)
        let error = try #require(throws: CaseError.self) { try book.submit(number, now: now) }
        #expect(error.description.hasPrefix("Хамрагдах иргэний ангилал сонгоогүй тул илгээх боломжгүй"))
        #expect(error.description.contains("disabled_without_support, disabled_child_in_permanent_care"))
        #expect(try book.show(number).status == "draft")
        _ = try book.set(number, [CareCategory.field: "disabled_without_support"], now: now)
        #expect(try book.submit(number, now: now).status == "submitted")
    }

    @Test func aCashCase_NeedsNoCategory() throws {
        let book = try makeBook()
        let opened = try book.open(service: .elderlyAgeGift, registerNumber: elder, name: "Дорж", now: now)
        _ = try book.markDocuments(opened.number, received: Set(Checklists.documents(for: .elderlyAgeGift).map(\.id)), now: now)
        #expect(try book.submit(opened.number, now: now).status == "submitted")
    }

    @Test func theDecision_RecordsTheCategoryAsItsGround_AndApprovalNeedsOne() throws {
        let book = try makeBook()
        let number = try completeCase(book, .careChildren, fields: [CareCategory.field: "child_in_difficult_circumstances"])
        _ = try book.submit(number, now: now)
        let hub = CaseBook(store: try ReplicaStore.create(path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil))
        let stored = try #require(try book.store.read { try $0.load(RecordKey(collection: CaseFields.collection, id: number)) })
        try hub.store.transaction { tx in _ = try tx.merge(stored.record, from: .downstream, now: now) }
        // The district clears the category (a case from before Halamj asked it): no approval without one.
        _ = try hub.set(number, [CareCategory.field: ""], now: now)
        let refused = try #require(throws: CaseError.self) {
            try hub.decide(number, approve: true, decree: "А/1", date: CivilDate(iso: "2026-11-25")!, amount: nil, reason: nil, received: ["official_letter"], now: now)
        }
        #expect(refused.description.contains("case set") && refused.description.contains("care_category"))
        _ = try hub.set(number, [CareCategory.field: "child_in_difficult_circumstances"], now: now)
        let decided = try hub.decide(number, approve: true, decree: "А/1", date: CivilDate(iso: "2026-11-25")!, amount: nil, reason: nil, received: ["official_letter"], now: now)
        #expect(decided.values[CareCategory.decisionField] == "child_in_difficult_circumstances")
        #expect(decided.values[WorkflowFields.approvedAmount] == nil, "care is in kind")
    }

    @Test func aRejection_NeedsNoCategory() throws {
        let hubStore = try ReplicaStore.create(path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil)
        var record = Record(collection: CaseFields.collection, id: "4305-2026-000001", office: "soum-4305")
        record.write(["rd": elder.text, "service": "care-elderly", "status": "submitted", "name": "Дорж"],
                     dot: Dot(replica: ReplicaID("soum-4305")!, counter: 1),
                     hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: ReplicaID("soum-4305")!))
        try hubStore.transaction { tx in _ = try tx.merge(record, from: .downstream, now: now) }
        let rejected = try CaseBook(store: hubStore).decide(
            record.id, approve: false, decree: "А/2", date: CivilDate(iso: "2026-11-25")!, amount: nil, reason: "ангилалгүй", now: now)
        #expect(rejected.status == "rejected")
        #expect(rejected.values[CareCategory.decisionField] == nil)
    }

    @Test func theNode_CannotWriteTheDecisionsGround() throws {
        let book = try makeBook()
        let opened = try book.open(service: .careElderly, registerNumber: elder, name: "Дорж",
                                   fields: [CareCategory.field: "elderly_without_support"], now: now)
        #expect(throws: (any Error).self) { try book.set(opened.number, [CareCategory.decisionField: "elderly_without_support"], now: now) }
        #expect(try book.show(opened.number).values[CareCategory.decisionField] == nil)
    }
}
