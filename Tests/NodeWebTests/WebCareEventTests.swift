import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import LocalNode
@testable import NodeWeb
import SyncModel
import Testing
import WebAccess

/// What the soum records after placement from the case page: the handover, the
/// three-party contract and the reintegration plan, in the case's history in Mongolian
/// and queued for the district; refused, saying why and saving nothing, without the
/// form's token, on a case that is not placed, or with a field left empty.
@Suite struct WebCareEventTests {
    static let elder = "УБ50031224"

    /// A care case of the fixture's office, with its category and the soum's twelve
    /// papers, submitted here (not yet synced).
    func submittedCareCase(_ web: WebFixture) throws -> CaseView {
        let book = CaseBook(store: web.store)
        let opened = try book.open(service: .careElderly, registerNumber: try RegisterNumber.parse(Self.elder), name: "Должин",
                                   fields: [CareCategory.field: "elderly_without_support"], now: web.nowMillis)
        for document in Checklists.documents(for: .careElderly, stage: .soum) {
            _ = try book.markDocument(opened.number, document.id, received: true, now: web.nowMillis)
        }
        return try book.submit(opened.number, now: web.nowMillis)
    }

    /// A care case of the fixture's office, approved and placed at the hub beside it and
    /// pulled back: the soum's copy is `placed`, nothing waiting to be pushed.
    func placedCase(_ web: WebFixture, _ hubBeside: HubBeside) async throws -> String {
        let book = CaseBook(store: web.store)
        let opened = try submittedCareCase(web)
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
        let hubBook = CaseBook(store: hubBeside.store)
        _ = try hubBook.decide(opened.number, approve: true, decree: "А/45", date: try hubBeside.store.localDate(Clock.nowMillis()),
                               amount: nil, reason: nil, received: ["official_letter"])
        _ = try hubBook.record(opened.number, .placement(facility: "Дархан-Уул, Ахмадын асрамжийн газар"))
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
        #expect(try book.show(opened.number).status == "placed")
        return opened.number
    }

    /// The fixture's web app with a hub beside it, a placed care case, a worker logged in.
    struct PlacedScene {
        let web: WebFixture
        let hubBeside: HubBeside
        let number: String
        let client: WebClient

        func stop() { web.stop(); hubBeside.stop() }
    }

    func placedScene() async throws -> PlacedScene {
        let web = try WebFixture()
        let hubBeside = try HubBeside(web)
        do {
            let number = try await placedCase(web, hubBeside)
            let client = WebClient(port: web.port)
            try client.logIn()
            return PlacedScene(web: web, hubBeside: hubBeside, number: number, client: client)
        } catch {
            web.stop()
            hubBeside.stop()
            throw error
        }
    }

    @Test func handoverContractAndPlan_RecordedOnThePlacedCasesPage_AreInItsHistoryInMongolian_AndGoToTheDistrict() async throws {
        let scene = try await placedScene()
        defer { scene.stop() }
        let (web, hubBeside, number, client) = (scene.web, scene.hubBeside, scene.number, scene.client)
        let book = CaseBook(store: web.store)
        #expect(try web.store.status().pendingCount == 0)
        var page = try client.get("/cases/\(number)")
        for id in ["care-record", "care-handover-form", "care-contract-form", "care-plan-form", "care-handover-by", "care-handover-received-by",
                   "care-handover-with-file", "care-handover-without-file", "care-contract-number", "care-contract-resident-side", "care-plan-text"] {
            #expect(page.text.contains("id=\"\(id)\""), "missing #\(id)")
        }
        #expect(page.text.contains("id=\"care-handover-date\" name=\"date\" value=\"2026-11-25\""), "the date is today by default")

        page = try client.follow(client.post("/cases/\(number)/care", [
            ("_csrf", page.csrf!), ("kind", "handover"), ("by", "Батболд, нийгмийн ажилтан"), ("received_by", "Сарантуяа, Оюунчимэг"),
            ("with_file", "yes"), ("date", "2026-11-24"),
        ]))
        #expect(page.status == 200)
        #expect(page.text.contains("Хувийн хэргийн хамт хүлээлгэн өгсөн (handed over with the personal file)"))
        #expect(page.text.contains("хүлээлгэн өгсөн (handed over by): Батболд, нийгмийн ажилтан; хүлээн авсан (received by): Сарантуяа, Оюунчимэг"))
        #expect(page.text.contains("2026-11-24"))
        #expect(try web.store.status().pendingCount == 1, "the case waits to be pushed")

        page = try client.follow(client.post("/cases/\(number)/care", [
            ("_csrf", page.csrf!), ("kind", "contract"), ("number", "Г-2026/17"), ("resident_side", "Должин"),
        ]))
        #expect(page.text.contains("3 талт гэрээ (three-party contract)"))
        #expect(page.text.contains("№ Г-2026/17; асруулагч, асран хамгаалагч (resident or guardian): Должин"))
        page = try client.follow(client.post("/cases/\(number)/care", [
            ("_csrf", page.csrf!), ("kind", "plan"), ("text", "Гэр бүлдээ буцах, сар бүр уулзах"),
        ]))
        #expect(page.text.contains("Эхний шатны хөгжлийн төлөвлөгөө (reintegration plan)"))
        #expect(page.text.contains("Гэр бүлдээ буцах, сар бүр уулзах"))
        #expect(!page.text.contains("care_handover_"), "field names are never shown")
        #expect(Set(try book.careHistory(number).events.map(\.kind)) == [.placement, .handover, .contract, .plan])
        #expect(try web.store.status().pendingCount >= 1)
        // Each showing of the file, after each record, is in the access log.
        let views = try AccessLog(store: web.store).entries(subject: number).filter { $0.action == AccessLog.Action.viewCareCase }
        #expect(views.count == 4)

        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
        #expect(try web.store.status().pendingCount == 0)
        #expect(Set(try CaseBook(store: hubBeside.store).careHistory(number).events.map(\.kind)) == [.placement, .handover, .contract, .plan])

        // Once the person has left care, only the plan is still recorded here.
        _ = try CaseBook(store: hubBeside.store).record(number, .leaving(way: "own_request", clothes: nil, travel: nil, ground: nil, note: ""))
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
        page = try client.get("/cases/\(number)")
        #expect(page.text.contains("id=\"care-plan-form\""))
        #expect(!page.text.contains("id=\"care-handover-form\"") && !page.text.contains("id=\"care-contract-form\""))
    }

    @Test func withoutTheFormsToken_NothingIsRecorded() async throws {
        let scene = try await placedScene()
        defer { scene.stop() }
        let (web, number, client) = (scene.web, scene.number, scene.client)
        let forged = try client.post("/cases/\(number)/care", [("kind", "plan"), ("text", "Хуурамч төлөвлөгөө")])
        #expect(forged.status == 403)
        let wrongToken = try client.post("/cases/\(number)/care", [("_csrf", String(repeating: "0", count: 64)), ("kind", "plan"), ("text", "Хуурамч")])
        #expect(wrongToken.status == 403)
        #expect(try CaseBook(store: web.store).careHistory(number).events.map(\.kind) == [.placement])
        #expect(try web.store.status().pendingCount == 0)
    }

    @Test func anEmptyFieldOrAFutureDay_IsRefusedBesideItsForm_WithWhatWasTypedKept_AndNothingSaved() async throws {
        let scene = try await placedScene()
        defer { scene.stop() }
        let (web, number, client) = (scene.web, scene.number, scene.client)
        let page = try client.get("/cases/\(number)")

        let noGiver = try client.post("/cases/\(number)/care", [
            ("_csrf", page.csrf!), ("kind", "handover"), ("by", "  "), ("received_by", "Сарантуяа"), ("with_file", "no"), ("date", "2026-11-25"),
        ])
        #expect(noGiver.status == 422)
        #expect(noGiver.text.contains("id=\"care-handover-error\""))
        #expect(noGiver.text.contains("Хүлээлгэн өгсөн ажилтан хоосон байна (who handed over is missing)"))
        #expect(noGiver.text.contains("Юу ч хадгалагдаагүй (nothing was saved)"))
        #expect(noGiver.text.contains("value=\"Сарантуяа\""), "what was typed is kept")
        #expect(noGiver.text.contains("value=\"no\" id=\"care-handover-without-file\" checked"))

        let noNumber = try client.post("/cases/\(number)/care", [("_csrf", page.csrf!), ("kind", "contract"), ("number", ""), ("resident_side", "Должин")])
        #expect(noNumber.status == 422 && noNumber.text.contains("id=\"care-contract-error\""))
        #expect(noNumber.text.contains("Гэрээний дугаар хоосон байна (the contract&#39;s number is missing)"))
        let noPlan = try client.post("/cases/\(number)/care", [("_csrf", page.csrf!), ("kind", "plan"), ("text", "\n ")])
        #expect(noPlan.status == 422 && noPlan.text.contains("id=\"care-plan-error\""))
        #expect(noPlan.text.contains("Төлөвлөгөө хоосон байна (the plan&#39;s text is missing)"))

        let tomorrow = try client.post("/cases/\(number)/care", [
            ("_csrf", page.csrf!), ("kind", "handover"), ("by", "Батболд"), ("received_by", "Сарантуяа"), ("with_file", "yes"), ("date", "2026-11-26"),
        ])
        #expect(tomorrow.status == 422 && tomorrow.text.contains("огноо ирээдүйд байж болохгүй (the date cannot be after today, 2026-11-25)"))
        let notADay = try client.post("/cases/\(number)/care", [
            ("_csrf", page.csrf!), ("kind", "handover"), ("by", "Батболд"), ("received_by", "Сарантуяа"), ("date", "2026-02-30"),
        ])
        #expect(notADay.status == 422 && notADay.text.contains("(the date is YYYY-MM-DD, a real day)"))
        // The district's kinds are not the soum's to record, here either.
        let transfer = try client.post("/cases/\(number)/care", [("_csrf", page.csrf!), ("kind", "transfer"), ("to", "Өөр газар")])
        #expect(transfer.status == 422 && transfer.text.contains("id=\"care-record-error\""))

        #expect(try CaseBook(store: web.store).careHistory(number).events.map(\.kind) == [.placement])
        #expect(try web.store.status().pendingCount == 0)
    }

    @Test func aCareCaseNotPlaced_HasNoForms_AndARecordIsRefusedWith422SayingWhy() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let book = CaseBook(store: web.store)
        let opened = try submittedCareCase(web)
        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/\(opened.number)")
        #expect(!page.text.contains("id=\"care-record\"") && !page.text.contains("id=\"care-handover-form\""))

        let handover = try client.post("/cases/\(opened.number)/care", [
            ("_csrf", page.csrf!), ("kind", "handover"), ("by", "Батболд"), ("received_by", "Сарантуяа"), ("with_file", "yes"), ("date", "2026-11-25"),
        ])
        #expect(handover.status == 422)
        #expect(handover.text.contains("id=\"care-record-error\""))
        #expect(handover.text.contains("Асрамжид байршуулаагүй хэрэг (the case is not placed at a facility; it is &#39;submitted&#39;)"))
        let plan = try client.post("/cases/\(opened.number)/care", [("_csrf", page.csrf!), ("kind", "plan"), ("text", "Төлөвлөгөө")])
        #expect(plan.status == 422 && plan.text.contains("Төлөвлөгөөг асрамжид байгаа эсвэл гарсан хүнд гаргана"))
        #expect(try book.careHistory(opened.number).isEmpty)
        #expect(try book.show(opened.number).status == "submitted")
        // The refusals showed the file: both are in the access log with what was posted.
        let views = try AccessLog(store: web.store).entries(subject: opened.number).filter { $0.action == AccessLog.Action.viewCareCase }
        #expect(views.filter { $0.detail == "/cases/\(opened.number)/care" }.count == 2)

        // A case of another service has no life after placement.
        let gift = try book.open(service: .elderlyAgeGift, registerNumber: try RegisterNumber.parse(Self.elder), name: "Должин", now: web.nowMillis)
        let giftPage = try client.get("/cases/\(gift.number)")
        #expect(!giftPage.text.contains("id=\"care-record\""))
        let refused = try client.post("/cases/\(gift.number)/care", [("_csrf", page.csrf!), ("kind", "plan"), ("text", "Төлөвлөгөө")])
        #expect(refused.status == 422 && refused.text.contains("асрамжийн үйлчилгээ биш"))
        #expect(try book.careHistory(gift.number).isEmpty)
    }
}
