import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
@testable import NodeWeb
import SyncModel
import Testing

/// The pages that show what syncing brought: conflicts with both values, and the sync
/// page's plain words when the hub refuses this office.
@Suite struct WebSyncTests {
    final class Linked: @unchecked Sendable {
        let web: WebFixture
        let hubBeside: HubBeside
        var hubStore: ReplicaStore { hubBeside.store }

        init() throws {
            web = try WebFixture()
            hubBeside = try HubBeside(web)
        }

        func stop() {
            web.stop()
            hubBeside.stop()
        }

        func sync() async throws {
            _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
        }
    }

    @Test func conflictsPage_ListsEveryValue_WithWriterAndTime() async throws {
        let linked = try Linked()
        defer { linked.stop() }
        let node = CaseBook(store: linked.web.store)
        let view = try node.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse("УБ50031224"), name: "Должин")
        try await linked.sync()
        _ = try CaseBook(store: linked.hubStore).set(view.number, ["phone": "88001122"])
        _ = try node.set(view.number, ["phone": "99887766"])
        try await linked.sync()
        let client = WebClient(port: linked.web.port)
        try client.logIn()
        let page = try client.get("/conflicts")
        #expect(page.status == 200)
        #expect(page.text.contains(view.number))
        #expect(page.text.contains("«88001122» — hub-43"))
        #expect(page.text.contains("«99887766» — soum-4305"))
        // Read-only: the page offers no form to change anything.
        #expect(!page.text.contains("action=\"/conflicts"))
        let casePage = try client.get("/cases/\(view.number)")
        #expect(casePage.text.contains("Зөрчилтэй талбар"))
    }

    @Test func revokedToken_IsExplainedOnTheSyncPage() async throws {
        let linked = try Linked()
        defer { linked.stop() }
        try OfficeRegistry(store: linked.hubStore).revoke(WebFixture.office, by: "test", now: Clock.nowMillis())
        let client = WebClient(port: linked.web.port)
        let home = try client.logIn()
        let started = try client.post("/sync", [("_csrf", home.csrf!)])
        #expect(started.status == 303)
        var page = try client.get("/sync")
        for _ in 0..<100 where page.text.contains("data-running=\"true\"") {
            try await Task.sleep(for: .milliseconds(50))
            page = try client.get("/sync")
        }
        #expect(page.text.contains("түлхүүрийг хүлээн авсангүй"))
        #expect(page.text.contains("холбогдсон, татгалзсан"))  // the hub answered: it is the token
        let progress = try client.get("/sync/progress")
        #expect(progress.text.contains("\"running\":false"))
    }

    /// A sync (from the CLI or the service) whose hub certificate was refused: the page says
    /// so in Mongolian and does not call it a connection to try again later.
    @Test func aRefusedCertificate_IsNamedOnTheSyncPage_NotCalledUnreachable() async throws {
        let web = try WebFixture()
        defer { web.stop() }
        let refusal = SyncError.untrusted("TLS: the hub's certificate was not accepted (SSL certificate problem: certificate has expired)")
        try web.store.recordSyncAttempt(at: Clock.nowMillis(), error: refusal.description)
        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/sync")
        #expect(page.text.contains("гэрчилгээ хүлээн аваагүй (certificate refused)"))
        #expect(page.text.contains("Төвийн гэрчилгээг хүлээн авсангүй"))
        #expect(page.text.contains("certificate has expired"))
        #expect(!page.text.contains("холбогдоогүй (not reachable)") && !page.text.contains("Интернэт холболтоо шалгаад"))
    }

    @Test func syncPage_EstimatesTheNextPush_AndSaysWhatTheRoundMoved() async throws {
        let linked = try Linked()
        defer { linked.stop() }
        let node = CaseBook(store: linked.web.store)
        for index in 0..<12 {
            _ = try node.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse("УБ50031224"), name: "Должин \(index)")
        }
        let client = WebClient(port: linked.web.port)
        let home = try client.logIn()
        let before = try client.get("/sync")
        #expect(before.text.contains("Дараагийн илгээлт (next push, estimate)"))
        #expect(before.text.contains("12 бичлэг (records), ~"), "\(before.text)")
        #expect(before.text.contains("32 kbit/s: ~"))

        _ = try client.post("/sync", [("_csrf", home.csrf!)])
        var page = try client.get("/sync")
        for _ in 0..<100 where page.text.contains("data-running=\"true\"") {
            try await Task.sleep(for: .milliseconds(50))
            page = try client.get("/sync")
        }
        #expect(page.text.contains("Дууссан (done): илгээсэн (pushed) 12"), "\(page.text)")
        #expect(page.text.contains("↑ ") && page.text.contains("↓ "), "bytes each way")
        #expect(!page.text.contains("id=\"estimate\""), "nothing left to estimate")
    }
}
