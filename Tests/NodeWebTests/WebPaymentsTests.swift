import Foundation
import HalamjTestSupport
import ReplicaStorage
import CaseBooks
@testable import NodeWeb
import SyncModel
import Testing

/// The case page's payments card (issue 15, item 5): the periods the district paid, the
/// next one due and the day the facts end the benefit, as the soum sees them.
@Suite struct WebPaymentsTests {
    let dir = TemporaryDirectory()

    /// A child-care allowance as it reaches the soum: decided 2026-09-10, two months paid,
    /// the child born 2023-12-05.
    func paidCase() throws -> CaseView {
        let hub = CaseBook(store: try ReplicaStore.create(path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil))
        let number = "4305-2026-000001"
        var changes = [
            CaseFields.service: "child-care-allowance", CaseFields.registerNumber: "УБ95031222", CaseFields.name: "Сараа",
            CaseFields.status: "submitted", WorkflowFields.submittedOn: "2026-09-01", "child_birth_dates": "2023-12-05",
        ]
        for document in Checklists.documents(for: .childCareAllowance) { changes[document.field] = "received" }
        _ = try hub.store.transaction { tx in
            try tx.write(RecordKey(collection: CaseFields.collection, id: number), office: "soum-4305", changes: changes, now: 1)
        }
        let noon = CivilDate(iso: "2026-11-30")!.startMillis + 4 * 3_600_000
        _ = try hub.decide(number, approve: true, decree: "А/1", date: CivilDate(iso: "2026-09-10")!, amount: nil, reason: nil, now: noon)
        _ = try hub.pay(number, period: "2026-09", paidOn: CivilDate(iso: "2026-09-30"), now: noon)
        _ = try hub.pay(number, period: "2026-10", paidOn: CivilDate(iso: "2026-10-30"), now: noon)
        return try hub.show(number)
    }

    func page(_ view: CaseView, today: String) -> String {
        let context = PageContext(office: "soum-4305", user: "Оюунаа", csrf: "x", now: 0, today: CivilDate(iso: today)!)
        return CasePage.render(context, view: view, office: view.holder, checklist: [], notice: nil, error: nil)
    }

    @Test func theCasePage_ShowsThePaidPeriods_TheNextDue_AndTheEnd() throws {
        let view = try paidCase()
        let html = page(view, today: "2026-11-30")
        #expect(html.contains("id=\"payments\""))
        #expect(html.contains("<td>2026-09</td><td>50,000 ₮</td><td>2026-09-30</td>"))
        #expect(html.contains("<td>2026-10</td><td>50,000 ₮</td><td>2026-10-30</td>"))
        #expect(html.contains("<dd id=\"next-due\">2026-11</dd>"))
        #expect(html.contains("id=\"ends-on\">2026-12-05"))
        #expect(!html.contains("id=\"to-close\""), "not yet ended")
        #expect(page(view, today: "2026-12-05").contains("id=\"to-close\""), "on the 3rd birthday the district closes it")
    }

    @Test func anUndecidedCase_HasNoPaymentsCard() throws {
        let node = CaseBook(store: try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
        let opened = try node.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ95031222"), name: "Сараа")
        #expect(!page(opened, today: "2026-11-30").contains("id=\"payments\""))
    }
}
