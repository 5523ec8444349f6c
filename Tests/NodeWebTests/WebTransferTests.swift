import Foundation
import HalamjTestSupport
import CaseBooks
import HubClient
import HubServer
@testable import NodeWeb
import ReplicaStorage
import SyncModel
import Testing

/// Issue 19 at the soum's web app: a case the district moved to another soum is shown
/// read-only with where it went (no form, and a form sent anyway changes nothing); a case
/// moved here from another soum is worked on like any other, saying where it came from.
@Suite struct WebTransferTests {
    func sync(_ web: WebFixture) async throws {
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
    }

    @Test func aCaseMovedAway_IsReadOnly_WithWhereItWent() async throws {
        let web = try WebFixture()
        defer { web.stop() }
        let hub = try HubBeside(web)
        defer { hub.stop() }
        _ = try OfficeRegistry(store: hub.store).add("soum-4306", now: 1)
        let book = CaseBook(store: web.store)
        let view = try book.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse("УБ50031224"), name: "Должин", now: web.nowMillis)
        try await sync(web)
        _ = try CaseBook(store: hub.store).transfer(view.number, to: "soum-4306", among: ["soum-4305", "soum-4306"])
        try await sync(web)

        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/\(view.number)")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"transferred\"") && page.text.contains("soum-4306 руу шилжсэн"))
        #expect(!page.text.contains("id=\"checklist-form\"") && !page.text.contains("id=\"complaint-form\""))
        // A form from before the move: refused, saying why, nothing written.
        let sent = try client.post("/cases/\(view.number)/complaints", [("_csrf", page.csrf!), ("action", "file"), ("level", "1"), ("text", "Гомдол")])
        #expect(sent.status == 409 && sent.text.contains("read-only here"))
        #expect(try book.complaints(view.number).isEmpty)
        #expect(try web.store.status().pendingCount == 0)
    }

    @Test func aCaseMovedHere_IsWorkedOn_AndSaysWhereItCameFrom() async throws {
        let web = try WebFixture()
        defer { web.stop() }
        let hub = try HubBeside(web)
        defer { hub.stop() }
        _ = try OfficeRegistry(store: hub.store).add("soum-4306", now: 1)
        // A case of soum-4306 at the hub (pushed by that soum), moved to this soum.
        let number = "4306-2026-000007"
        _ = try hub.store.transaction { tx in
            try tx.write(RecordKey(collection: CaseFields.collection, id: number), office: "soum-4306", changes: [
                CaseFields.service: Service.elderlyAgeGift.rawValue, CaseFields.registerNumber: "УБ50031224",
                CaseFields.name: "Должин", CaseFields.status: CaseFields.initialStatus,
            ], now: 1)
        }
        _ = try CaseBook(store: hub.store).transfer(number, to: WebFixture.office, among: ["soum-4305", "soum-4306"])
        try await sync(web)

        let client = WebClient(port: web.port)
        try client.logIn()
        var page = try client.get("/cases/\(number)")
        #expect(page.status == 200)
        #expect(page.text.contains("id=\"transferred\"") && page.text.contains("soum-4306 → soum-4305"))
        #expect(page.text.contains("id=\"complaint-form\""))
        page = try client.follow(client.post("/cases/\(number)/complaints",
                                             [("_csrf", page.csrf!), ("action", "file"), ("level", "1"), ("text", "Гомдол")]))
        #expect(page.status == 200 && page.text.contains("id=\"complaint-1\""))
        try await sync(web)
        #expect(try CaseBook(store: hub.store).complaints(number).count == 1)
    }
}
