import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

@Suite struct CaseBookTests {
    let dir = TemporaryDirectory()

    func makeBook() throws -> CaseBook {
        CaseBook(store: try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
    }

    let rd = try! RegisterNumber.parse("УБ99031212")
    // 2026-11-25 12:00 UTC
    let now: Int64 = 1_795_608_000_000

    @Test func newCases_AreNumberedByTheOfficeAndYear_WithoutAskingTheHub() throws {
        let book = try makeBook()
        let first = try book.open(service: .childCareAllowance, registerNumber: rd, name: "Бат", now: now)
        let second = try book.open(service: .twinsAllowance, registerNumber: rd, name: "Дорж", now: now)
        #expect(first.number == "4305-2026-000001")
        #expect(second.number == "4305-2026-000002")
        #expect(first.office == "soum-4305")
        #expect(first.service == "child-care-allowance")
        #expect(first.status == "draft")
        #expect(first.values["rd"] == "УБ99031212")
    }

    @Test func settingFields_KeepsTheOthers() throws {
        let book = try makeBook()
        let opened = try book.open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", fields: ["phone": "1"], now: now)
        let edited = try book.set(opened.number, ["address": "Сүхбаатар сум, 3-р баг"], now: now + 1)
        #expect(edited.values["phone"] == "1")
        #expect(edited.values["address"] == "Сүхбаатар сум, 3-р баг")
        #expect(try book.show(opened.number) == edited)
    }

    @Test func badEdits_AreRefusedWithTheReason_AndChangeNothing() throws {
        let book = try makeBook()
        let opened = try book.open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", now: now)
        #expect(throws: CaseError.notFound("4305-2026-999999")) { try book.set("4305-2026-999999", ["a": "b"]) }
        #expect(throws: CaseError.invalidFieldName("Name")) { try book.set(opened.number, ["Name": "b"]) }
        #expect(throws: CaseError.invalidFieldName("office")) { try book.set(opened.number, ["office": "soum-1"]) }
        #expect(throws: CaseError.self) { try book.set(opened.number, ["service": "free-money"]) }
        #expect(throws: CaseError.self) { try book.set(opened.number, ["rd": "UB99031212"]) }
        #expect(try book.show(opened.number) == opened)
    }

    @Test func showAsJSON_IsOneFlatObjectWithEveryField() throws {
        let book = try makeBook()
        let opened = try book.open(service: .pregnancyAllowance, registerNumber: rd, name: "Сараа", fields: ["phone": "88"], now: now)
        let data = try JSONEncoder().encode(opened)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == [
            "number": opened.number, "office": "soum-4305", "service": "pregnancy-allowance",
            "status": "draft", "rd": "УБ99031212", "name": "Сараа", "phone": "88",
            "application_date": "2026-11-25",
        ])
    }

    @Test func overdueCases_AreFoundThroughTheIndex_EvenInAFileSavedBeforeTheIndexExisted() throws {
        let book = try makeBook()
        let longAgo = now - 40 * 86_400_000
        let opened = try book.open(service: .elderlyAgeGift, registerNumber: rd, name: "Бат", now: longAgo)
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try book.markDocument(opened.number, document.id, received: true, now: longAgo)
        }
        _ = try book.submit(opened.number, now: longAgo)
        let today = try book.store.localDate(now)
        #expect(try book.overdue(today: today).map(\.number) == [opened.number])
        // As a file written before the index columns were filled.
        try book.store.transaction { tx in
            try tx.database.execute("UPDATE records SET due_day = NULL, overdue_day = NULL, application_key = NULL")
            try tx.setMeta("case_index_version", nil)
        }
        #expect(try book.overdue(today: today).isEmpty)
        let reopened = CaseBook(store: try ReplicaStore.open(path: dir.path("node.db")))
        #expect(try reopened.overdue(today: today).map(\.number) == [opened.number], "filled again on open")
        #expect(try reopened.overdue(today: today).first?.daysLate == 10)
    }

    @Test func onlyAHub_IndexesApplicationsForDoubleApplications() throws {
        let book = try makeBook()
        let opened = try book.open(service: .childCareAllowance, registerNumber: rd, name: "Сараа", now: now)
        func keys(_ store: ReplicaStore) throws -> [String?] {
            try store.read { try $0.database.query("SELECT application_key FROM records") { $0.optionalText(0) } }
        }
        #expect(try keys(book.store) == [nil])
        // The same record stored at a hub is indexed, so `duplicates` finds it there.
        let hub = try ReplicaStore.create(path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil)
        let stored = try #require(try book.store.read { try $0.load(RecordKey(collection: CaseFields.collection, id: opened.number)) })
        try hub.transaction { tx in _ = try tx.merge(stored.record, from: .downstream, now: now) }
        #expect(try keys(hub) == [CaseIndex.applicationKey(stored.record)])
        #expect(try keys(hub).first??.contains("УБ99031212") == true)
    }
}
