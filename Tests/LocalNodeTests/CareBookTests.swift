import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import CaseBooks
import SyncModel

/// Life after placement recorded through CaseBook at the hub and at the soum node.
@Suite struct CareBookTests {
    let dir = TemporaryDirectory()
    let node: CaseBook
    let hub: CaseBook
    // 2026-11-25 12:00 UTC (20:00 in Ulaanbaatar)
    let now: Int64 = 1_795_608_000_000
    let number: String

    init() throws {
        node = CaseBook(store: try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305"))
        hub = CaseBook(store: try ReplicaStore.create(
            path: dir.path("hub.db"), replica: ReplicaID("hub-43")!, role: .hub, office: nil))
        let opened = try node.open(service: .careElderly, registerNumber: try RegisterNumber.parse("УБ50031224"), name: "Должин", fields: [CareCategory.field: "elderly_without_support"], now: now)
        number = opened.number
        try copy(from: node, to: hub)
        _ = try hub.set(number, ["status": "submitted"], now: now)
        _ = try hub.decide(number, approve: true, decree: "А/12", date: CivilDate(iso: "2026-11-20")!, amount: nil, reason: nil, received: ["official_letter"], now: now)
    }

    /// One sync of the case, by hand: each side merges the other's copy.
    func copy(from: CaseBook, to: CaseBook) throws {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let record = try #require(try from.store.read { try $0.load(key) }).record
        try to.store.transaction { _ = try $0.merge(record, from: to.store.role == .hub ? .downstream : .upstream, now: now) }
    }

    @Test func placingAtTheHub_MovesTheCaseToPlaced_AndNamesTheFacility() throws {
        let placed = try hub.record(number, .placement(facility: "Дархан, Ахмадын асрамжийн газар"), now: now + 1)
        #expect(placed.status == "placed")
        let history = try hub.careHistory(number)
        #expect(history.currentFacility == "Дархан, Ахмадын асрамжийн газар")
        #expect(history.events.first?.date == CivilDate(iso: "2026-11-25"), "the office's own day")
        // Placed twice: a move is a transfer.
        #expect(throws: CaseError.self) { try hub.record(number, .placement(facility: "Өөр"), now: now + 2) }
        #expect(try hub.careHistory(number).events.count == 1)
    }

    @Test func nothingIsRecordedBeforePlacement_NorForAnAllowance() throws {
        #expect(throws: CaseError.self) { try hub.record(number, .transfer(toFacility: "Б", reason: "нас"), now: now + 1) }
        #expect(throws: CaseError.self) {
            try hub.record(number, .leaving(way: "own_request", clothes: nil, travel: nil, ground: nil, note: ""), now: now + 1)
        }
        let allowance = try node.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99031212"), name: "Сараа", now: now)
        #expect(throws: CaseError.self) { try node.record(allowance.number, .plan(text: "x"), now: now + 1) }
        #expect(try hub.show(number).status == "approved")
    }

    @Test func aDateAfterTheOfficesToday_IsRefused() throws {
        #expect(throws: CaseError.invalidValue(field: "date", reason: "огноо ирээдүйд байж болохгүй (the date cannot be after today, 2026-11-25)")) {
            try hub.record(number, .placement(facility: "А"), date: CivilDate(iso: "2026-11-26"), now: now)
        }
    }

    @Test func theWholeStay_TransfersDisciplineAndLeaving_ReadsInOrder() throws {
        _ = try hub.record(number, .placement(facility: "А газар"), date: CivilDate(iso: "2026-11-21"), now: now)
        _ = try hub.record(number, .discipline(measure: "verbal_caution", ground: "drinking", note: ""), date: CivilDate(iso: "2026-11-22"), now: now + 1)
        _ = try hub.record(number, .transfer(toFacility: "Б газар", reason: "тусгай хэрэгцээ"), date: CivilDate(iso: "2026-11-23"), now: now + 2)
        _ = try hub.record(number, .discipline(measure: "discharge_warning", ground: "left_without_permission", note: ""), date: CivilDate(iso: "2026-11-24"), now: now + 3)
        #expect(throws: CaseError.self, "the director's order is a way of leaving, with its ground") {
            try hub.record(number, .discipline(measure: "discharge_by_order", ground: "crime", note: ""), now: now + 4)
        }
        let left = try hub.record(number, .leaving(way: "discharge_by_order", clothes: 120_000, travel: 40_000, ground: "crime", note: ""),
                                  plan: "Сумын нийгмийн ажилтантай хамтран ажиллах", now: now + 5)
        #expect(left.status == "discharged")
        #expect(left.values[WorkflowFields.dischargeReason] == "discharge_by_order")
        let history = try hub.careHistory(number)
        #expect(history.events.map(\.kind) == [.placement, .discipline, .transfer, .discipline, .leaving, .plan])
        #expect(history.currentFacility == "Б газар")
        #expect(throws: CaseError.self, "no second leaving") {
            try hub.record(number, .leaving(way: "death", clothes: nil, travel: nil, ground: nil, note: ""), now: now + 6)
        }
        _ = try hub.move(number, to: "closed", now: now + 7)
        #expect(try hub.show(number).status == "closed")
    }

    @Test func theSoumRecordsHandoverContractAndPlan_ButNotTheDistrictsFacts() throws {
        _ = try hub.record(number, .placement(facility: "А газар"), now: now)
        try copy(from: hub, to: node)
        _ = try node.record(number, .handover(handedOverBy: "Д. Должин", receivedBy: "Б. Сараа, Г. Бат", withFile: true), now: now + 1)
        _ = try node.record(number, .contract(number: "ГЭ-17", residentSide: "асруулагч өөрөө"), now: now + 2)
        for fact: CareFact in [
            .transfer(toFacility: "Б", reason: "нас"),
            .discipline(measure: "verbal_caution", ground: "drinking", note: ""),
            .leaving(way: "own_request", clothes: nil, travel: nil, ground: nil, note: ""),
            .pension(monthly: 325_000, collection: .inPerson, proxyNotarised: false, filedAt: "soum-4310"),
            .placement(facility: "В"),
        ] {
            #expect {
                try node.record(number, fact, now: now + 3)
            } throws: { error in
                (error as? CaseError)?.description.hasPrefix("«") == true && "\(error)".contains("зөвхөн аймаг, дүүргийн төв")
            }
        }
        // Nor through a plain edit of the field.
        #expect(throws: WriteRules.Refusal.self) { try node.set(number, ["care_transfer_x1": "{}"], now: now + 4) }
        try copy(from: node, to: hub)
        let history = try hub.careHistory(number)
        #expect(history.events.map(\.kind) == [.placement, .handover, .contract])
    }

    @Test func eventsAddedAtTheSoumAndTheHubAtOnce_AreAllKept() throws {
        _ = try hub.record(number, .placement(facility: "А газар"), now: now)
        try copy(from: hub, to: node)
        _ = try node.record(number, .plan(text: "сумын санал"), now: now + 1)
        _ = try hub.record(number, .plan(text: "дүүргийн санал"), now: now + 1)
        _ = try hub.record(number, .transfer(toFacility: "Б газар", reason: "нас"), now: now + 2)
        try copy(from: node, to: hub)
        try copy(from: hub, to: node)
        for book in [hub, node] {
            let shown = try book.show(number)
            #expect(shown.conflicts.isEmpty)
            let kinds = CareHistory(values: shown.values).events.map(\.kind)
            #expect(kinds.filter { $0 == .plan }.count == 2)
            #expect(kinds.contains(.transfer))
        }
    }

    @Test func aPensionByProxy_NeedsANotarisedPowerOfAttorney() throws {
        _ = try hub.record(number, .placement(facility: "А газар"), now: now)
        #expect {
            try hub.record(number, .pension(monthly: 325_000, collection: .proxy, proxyNotarised: false, filedAt: "soum-4310"), now: now + 1)
        } throws: { error in
            "\(error)".contains("Итгэмжлэлийг нотариатчаар гэрчлүүлээгүй")
        }
        _ = try hub.record(number, .pension(monthly: 325_000, collection: .proxy, proxyNotarised: true, filedAt: "soum-4310"), now: now + 2)
        let pension = try #require(try hub.careHistory(number).pension)
        #expect(pension.fact == .pension(monthly: 325_000, collection: .proxy, proxyNotarised: true, filedAt: "soum-4310"))
    }
}
