import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjCommandLine

/// Issue 15, item 3: life after placement, recorded at the district and at the soum,
/// synced over HTTP and shown at the soum in Mongolian.
@Suite struct PlacementEndToEndTests {
    let dir = TemporaryDirectory()
    let hubStore: ReplicaStore
    let hub: TestHub
    var hubBook: CaseBook { CaseBook(store: hubStore) }

    init() throws {
        hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        hub = try TestHub(store: hubStore)
    }

    /// A care case at soum-4305, submitted with every document and approved at the hub.
    func approvedCareCase(_ soum: TestNode) async throws -> String {
        let opened = try soum.book.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж", fields: [CareCategory.field: "elderly_without_support"])
        for document in Checklists.documents(for: .careElderly, stage: .soum) {
            _ = try soum.book.markDocument(opened.number, document.id, received: true)
        }
        _ = try soum.book.submit(opened.number)
        _ = try await soum.sync()
        _ = try hubBook.decide(opened.number, approve: true, decree: "А/45", date: try hubStore.localDate(Clock.nowMillis()),
                               amount: nil, reason: nil, received: ["official_letter"])
        return opened.number
    }

    @Test func placedWarnedTransferredAndLeftAtOwnRequest_TheSoumSeesItAllInMongolian_AfterOneSync() async throws {
        defer { hub.stop() }
        let soum = try TestNode(directory: dir, office: "soum-4305", hub: hub.url,
                                token: try OfficeRegistry(store: hubStore).add("soum-4305", now: 1))
        let number = try await approvedCareCase(soum)

        _ = try hubBook.record(number, .placement(facility: "Дархан-Уул, Ахмадын асрамжийн газар"))
        _ = try hubBook.record(number, .discipline(measure: "verbal_caution", ground: "drinking", note: ""))
        _ = try hubBook.record(number, .transfer(toFacility: "Улаанбаатар, Ахмадын асрамжийн төв", reason: "тусгай хэрэгцээ"))
        _ = try hubBook.record(number, .pension(monthly: 325_000, collection: .proxy, proxyNotarised: true, filedAt: "soum-4310"))
        _ = try hubBook.record(number, .leaving(way: "own_request", clothes: 150_000, travel: 85_000, ground: nil, note: ""),
                               plan: "Сумын Засаг даргын Тамгын газартай хамтран орон сууцаар хангах")

        let report = try await soum.sync()
        #expect(report.pulledRecords >= 1)
        let atSoum = try soum.book.show(number)
        #expect(atSoum.status == "discharged")
        let shown = CaseOutput.detail(atSoum)
        for text in [
            "Асрамжаас гарсан",
            "Өөрийн хүсэлтээр гэрээг цуцлан нийгэм хамт олны дунд амьдрахаар буцах (the resident ends the contract",
            "Асрамжийн газарт байршуулсан (placed at a facility): Дархан-Уул, Ахмадын асрамжийн газар",
            "Дутагдал, доголдлыг асруулагчид хэлж анхааруулах (point out the shortcomings to the resident and caution them); зөрчил (breach): Архи уух (drinking alcohol)",
            "Өөр асрамжийн газарт шилжүүлсэн (transferred to another facility): → Улаанбаатар, Ахмадын асрамжийн төв",
            "Сүүлийн асрамжийн газар (last facility):",
            "Хэрэглэж байсан хувцас, хэрэглэл (clothes and belongings): 150,000 ₮",
            "Аймаг, нийслэл, сум хүртэлх унааны зардал (travel): 85,000 ₮",
            "Эхний шатны хөгжлийн төлөвлөгөө (reintegration plan): Сумын Засаг даргын Тамгын газартай хамтран орон сууцаар хангах",
            "асруулагчид 70% (to the resident) 227,500 ₮",
            "нотариатчаар гэрчлүүлсэн",
        ] {
            #expect(shown.contains(text), "missing «\(text)» in:\n\(shown)")
        }
        #expect(!shown.contains("own_request"), "the reason is shown in Mongolian, not by its id")
        let reasonLine = try #require(shown.split(separator: "\n").first { $0.hasPrefix("Гарсан шалтгаан (discharge reason):") })
        #expect(reasonLine.contains("Өөрийн хүсэлтээр"))
        #expect(!shown.contains("care_"), "no raw event field is shown")
        let order = ["байршуулсан (placed", "анхааруулах", "шилжүүлсэн (transferred", "Асрамжаас гарсан (left care)"].map { shown.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "oldest first")
    }

    @Test func theSoumsHandover_ReachesTheHub_BesideTheDistrictsPlacement() async throws {
        defer { hub.stop() }
        let soum = try TestNode(directory: dir, office: "soum-4305", hub: hub.url,
                                token: try OfficeRegistry(store: hubStore).add("soum-4305", now: 1))
        let number = try await approvedCareCase(soum)
        _ = try hubBook.record(number, .placement(facility: "А газар"))
        _ = try await soum.sync()
        _ = try soum.book.record(number, .handover(handedOverBy: "Д. Должин", receivedBy: "Б. Сараа", withFile: true))
        _ = try soum.book.record(number, .contract(number: "ГЭ-17", residentSide: "асруулагч өөрөө"))
        let report = try await soum.sync()
        #expect(report.refused == 0)
        let history = try hubBook.careHistory(number)
        #expect(history.events.map(\.kind) == [.placement, .handover, .contract])
        #expect(CaseOutput.detail(try hubBook.show(number)).contains("3 талт гэрээ (three-party contract): № ГЭ-17"))
    }
}
