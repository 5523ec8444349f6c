import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel

/// `halamj-hub case place|leave|…` and `case status … placed|discharged`, run as the
/// built program against a hub database holding an approved care case.
@Suite(.serialized) struct PlacementCommandLineTests {
    let dir = TemporaryDirectory()

    /// A hub database in its own folder with soum-4305's approved elderly-care case.
    func hubWithApprovedCase() throws -> (folder: URL, number: String) {
        let folder = dir.url.appendingPathComponent("hub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let node = try ReplicaStore.create(path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        let opened = try CaseBook(store: node).open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ45010112"), name: "Дорж", fields: [CareCategory.field: "elderly_without_support"])
        let hub = try Hub.create(path: folder.appendingPathComponent("halamj-hub.db").path, id: ReplicaID("hub-43")!)
        let record = try #require(try node.read { try $0.load(RecordKey(collection: "cases", id: opened.number)) }).record
        try hub.transaction { _ = try $0.merge(record, from: .downstream, now: 1) }
        let book = CaseBook(store: hub)
        _ = try book.set(opened.number, ["status": "submitted"])
        _ = try book.decide(opened.number, approve: true, decree: "А/9", date: try hub.localDate(Clock.nowMillis()), amount: nil, reason: nil, received: ["official_letter"])
        return (folder, opened.number)
    }

    @Test func placingWithoutAFacility_IsRefused_AndTheWholeStayIsRecordedAndShownInMongolian() throws {
        let (folder, number) = try hubWithApprovedCase()
        let bare = try Programs.run("halamj-hub", ["case", "status", number, "placed"], in: folder)
        #expect(bare.status == 64)
        #expect(bare.stderr.contains("асрамжийн газрыг заана уу") && bare.stderr.contains("--facility"), "\(bare.stderr)")

        let placed = try Programs.run("halamj-hub", ["case", "status", number, "placed", "--facility", "А газар"], in: folder)
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(placed.stdout.contains("Асрамжийн газарт байршуулсан (placed at a facility) — А газар"))
        let warned = try Programs.run("halamj-hub", ["case", "discipline", number, "--measure", "verbal_caution", "--ground", "drinking"], in: folder)
        #expect(warned.status == 0, "\(warned.stderr)")
        let byOrder = try Programs.run("halamj-hub", ["case", "discipline", number, "--measure", "discharge_by_order", "--ground", "crime"], in: folder)
        #expect(byOrder.status == 64 && byOrder.stderr.contains("leaving care"), "\(byOrder.stderr)")
        let proxy = try Programs.run("halamj-hub", ["case", "pension", number, "--amount", "325000", "--proxy", "--filed-at", "soum-4310"], in: folder)
        #expect(proxy.status == 64 && proxy.stderr.contains("Итгэмжлэлийг нотариатчаар гэрчлүүлээгүй"), "\(proxy.stderr)")
        let moved = try Programs.run("halamj-hub", ["case", "transfer", number, "--to", "Б газар", "--reason", "тусгай хэрэгцээ"], in: folder)
        #expect(moved.status == 0, "\(moved.stderr)")
        let left = try Programs.run("halamj-hub", ["case", "status", number, "discharged", "--reason", "own_request",
                                                   "--clothes", "150,000", "--travel", "85000"], in: folder)
        #expect(left.status == 0, "\(left.stderr)")

        let shown = try Programs.run("halamj-hub", ["case", "show", number], in: folder)
        #expect(shown.status == 0)
        for text in ["Асрамжаас гарсан", "Өөрийн хүсэлтээр гэрээг цуцлан", "Б газар", "Архи уух (drinking alcohol)", "150,000 ₮", "85,000 ₮"] {
            #expect(shown.stdout.contains(text), "missing «\(text)» in:\n\(shown.stdout)")
        }
        #expect(!shown.stdout.contains("own_request"))
        let help = try Programs.run("halamj-hub", ["case", "--help"], in: folder)
        #expect(help.stdout.contains("case place") && help.stdout.contains("death"))
    }
}
