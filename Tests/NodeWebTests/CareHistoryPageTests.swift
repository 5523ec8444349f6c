import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
@testable import NodeWeb
import SyncModel
import Testing

/// The case page at the soum shows what the district recorded after placement, once
/// synced: facility, measures, transfer, leaving with its costs, the pension's split.
@Suite struct CareHistoryPageTests {
    @Test func theCasePage_ShowsTheDistrictsPlacementHistory_InMongolian_AfterOneSync() async throws {
        let web = try WebFixture()
        let hubBeside = try HubBeside(web)
        defer { web.stop(); hubBeside.stop() }
        let soumBook = CaseBook(store: web.store)
        let hubBook = CaseBook(store: hubBeside.store)
        let opened = try soumBook.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ50031224"), name: "Должин", fields: [CareCategory.field: "elderly_without_support"])
        for document in Checklists.documents(for: .careElderly, stage: .soum) {
            _ = try soumBook.markDocument(opened.number, document.id, received: true)
        }
        _ = try soumBook.submit(opened.number)
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()

        let client = WebClient(port: web.port)
        try client.logIn()
        #expect(!(try client.get("/cases/\(opened.number)").text.contains("id=\"care-history\"")), "nothing before placement")

        _ = try hubBook.decide(opened.number, approve: true, decree: "А/45", date: try hubBeside.store.localDate(Clock.nowMillis()), amount: nil, reason: nil, received: ["official_letter"])
        _ = try hubBook.record(opened.number, .placement(facility: "Дархан-Уул, Ахмадын асрамжийн газар"))
        _ = try hubBook.record(opened.number, .discipline(measure: "council_warning", ground: "overstayed_leave", note: ""))
        _ = try hubBook.record(opened.number, .transfer(toFacility: "Улаанбаатар, Ахмадын асрамжийн төв", reason: "насны байдал"))
        _ = try hubBook.record(opened.number, .pension(monthly: 325_000, collection: .inPerson, proxyNotarised: false, filedAt: "soum-4310"))
        _ = try hubBook.record(opened.number, .leaving(way: "own_request", clothes: 150_000, travel: 85_000, ground: nil, note: ""))
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()

        let page = try client.get("/cases/\(opened.number)")
        #expect(page.status == 200)
        for text in [
            "id=\"care-history\"",
            "Сүүлийн асрамжийн газар (last facility)</dt><dd id=\"care-facility\">Улаанбаатар, Ахмадын асрамжийн төв",
            "Захиргааны болон асруулагчдын зөвлөлийн хурлаар хэлэлцэж сануулах",
            "Чөлөөний хугацааг хэтрүүлэх",
            "Өөр асрамжийн газарт шилжүүлсэн (transferred to another facility)",
            "Өөрийн хүсэлтээр гэрээг цуцлан нийгэм хамт олны дунд амьдрахаар буцах",
            "150,000 ₮", "85,000 ₮",
            "асруулагчид 70% (to the resident) 227,500 ₮",
            "Асрамжаас гарсан (discharged)",
        ] {
            #expect(page.text.contains(text), "missing «\(text)»")
        }
        #expect(!page.text.contains("own_request"))
    }
}
