import SyncModel
import Testing

@Suite("Care events: life after placement")
struct CareEventsTests {
    let hub = ReplicaID("hub-43")!
    let soum = ReplicaID("soum-4305")!

    func event(_ fact: CareFact, _ date: String = "2026-03-01", at millis: Int64 = 1_000) -> CareEvent {
        CareEvent(id: CareEvent.newID(writer: hub, now: millis), date: d(date), recordedAt: millis, fact: fact)
    }

    static let facts: [CareFact] = [
        .placement(facility: "Дархан-Уул аймгийн Ахмадын асрамжийн газар"),
        .handover(handedOverBy: "Д. Должин, сумын нийгмийн ажилтан", receivedBy: "Б. Сараа, Г. Бат", withFile: true),
        .contract(number: "ГЭ-17", residentSide: "асруулагч өөрөө"),
        .transfer(toFacility: "Улаанбаатар, Ахмадын асрамжийн төв", reason: "тусгай хэрэгцээ"),
        .discipline(measure: "verbal_caution", ground: "drinking", note: ""),
        .leaving(way: "own_request", clothes: 150_000, travel: 85_000, ground: nil, note: "гэрээ цуцалсан"),
        .plan(text: "Сумын Засаг даргын Тамгын газартай хамтран орон сууцаар хангах"),
        .pension(monthly: 325_000, collection: .proxy, proxyNotarised: true, filedAt: "soum-4310"),
    ]

    @Test("Every event comes back whole from its field, whose name is a valid, unique case field", arguments: facts)
    func roundTrip(_ fact: CareFact) {
        let written = event(fact)
        #expect(CaseFields.isValidFieldName(written.field), "\(written.field)")
        #expect(written.field.utf8.count <= 64)
        #expect(written.value.utf8.count < 65_536)
        #expect(CareEvent(field: written.field, value: written.value) == written)
        #expect(CareEventKind.of(field: written.field) == fact.kind)
        #expect(event(fact).field != written.field, "two events of one kind never share a field")
    }

    @Test("The kind comes from the field's name, and an unreadable value is skipped, not trapped")
    func kindFromName() {
        let transfer = event(.transfer(toFacility: "Б", reason: "r"))
        // An office writing a handover field with a transfer's facts gets a handover.
        let disguised = CareEvent(field: "care_handover_x1", value: transfer.value)
        #expect(disguised?.kind == .handover)
        #expect(CareEvent(field: "care_transfer_x1", value: "not json") == nil)
        #expect(CareEvent(field: "care_transfer_", value: transfer.value) == nil)
        #expect(CareEventKind.of(field: "care_plans") == nil)
        #expect(CareHistory(values: ["care_transfer_x1": "{}", "name": "Бат"]).isEmpty)
    }

    @Test("Hub-only kinds are hub authority; the soum's handover, contract and plan are not")
    func policies() {
        for kind in CareEventKind.allCases {
            let policy = FieldPolicies.policy(collection: CaseFields.collection, field: kind.fieldPrefix + "abc")
            #expect(policy == (kind.hubOnly ? .hubAuthority : .lastWriterWins), "\(kind)")
        }
        #expect(Set(CareEventKind.allCases.filter { !$0.hubOnly }) == [.handover, .contract, .plan])
        #expect(FieldPolicies.policy(collection: CaseFields.collection, field: WorkflowFields.dischargeReason) == .hubAuthority)
    }

    @Test("An office's write of a transfer, a leaving or a discharge reason is refused; its handover is not")
    func writeRules() {
        for field in ["care_transfer_a1", "care_leaving_a1", "care_placement_a1", "care_discipline_a1", "care_pension_a1", "discharge_reason"] {
            let refusal = WriteRules.check(collection: CaseFields.collection, changes: [field: "{}"], writer: soum, existing: nil)
            #expect(refusal?.field == field, "\(field)")
            #expect(WriteRules.check(collection: CaseFields.collection, changes: [field: "{}"], writer: hub, existing: nil) == nil)
        }
        #expect(WriteRules.check(collection: CaseFields.collection, changes: ["care_handover_a1": "{}"], writer: soum, existing: nil) == nil)
    }

    @Test("Every way of leaving: the source's 7, own request, the director's order and death, in Mongolian")
    func leavingWays() {
        let ids = CareLabels.leavingWays.map(\.id)
        #expect(ids.count == 10 && Set(ids).count == 10)
        #expect(Array(ids.prefix(7)) == SpecializedCare.dischargeReasons.map(\.id))
        #expect(ids.suffix(3) == ["own_request", "discharge_by_order", "death"])
        #expect(CareLabels.leavingWay("discharge_by_order")?.mongolian == "Асрамжийн газрын даргын тушаалаар асрамжаас гаргах")
        #expect(CareLabels.leavingWay("own_request")?.mongolian.contains("өөрийн хүсэлтээр гэрээг цуцлан нийгэм хамт олны дунд") == true
                || CareLabels.leavingWay("own_request")?.mongolian.contains("Өөрийн хүсэлтээр гэрээг цуцлан нийгэм хамт олны дунд") == true)
        #expect(CareText.leavingWay("chose_other_service") == "Тухайн асруулагч өөр үйлчилгээ сонгосон (the resident chose another service)")
    }

    @Test("The breaches a measure answers are the source's words")
    func grounds() {
        #expect(CareLabels.disciplinaryGrounds.map(\.mongolian).prefix(5) == [
            "Гэмт хэрэг үйлдэх", "Ёс суртахууны доголдол гаргах", "Архи уух", "Чөлөөний хугацааг хэтрүүлэх", "Чөлөөгүй явах",
        ])
        #expect(CareLabels.leavingClothes.mongolian == "Хэрэглэж байсан хувцас, хэрэглэл")
        #expect(CareLabels.leavingTravel.mongolian == "Аймаг, нийслэл, сум хүртэлх унааны зардал")
    }

    @Test("Incomplete or unknown facts are refused with the reason, Mongolian first")
    func problems() {
        let refused: [CareFact] = [
            .placement(facility: "  "),
            .transfer(toFacility: "Б", reason: ""),
            .discipline(measure: "public_shaming", ground: "drinking", note: ""),
            .discipline(measure: "verbal_caution", ground: "being_late", note: ""),
            .discipline(measure: "discharge_by_order", ground: "crime", note: ""),
            .leaving(way: "bored", clothes: nil, travel: nil, ground: nil, note: ""),
            .leaving(way: "discharge_by_order", clothes: nil, travel: nil, ground: nil, note: ""),
            .leaving(way: "own_request", clothes: -1, travel: nil, ground: nil, note: ""),
            .pension(monthly: 325_000, collection: .proxy, proxyNotarised: false, filedAt: "soum-4310"),
            .pension(monthly: 0, collection: .inPerson, proxyNotarised: false, filedAt: "soum-4310"),
            .pension(monthly: 325_000, collection: .inPerson, proxyNotarised: false, filedAt: ""),
        ]
        for fact in refused {
            let problem = fact.problem
            #expect(problem != nil, "\(fact)")
            #expect(problem.map(isBilingual) == true, "\(problem ?? "")")
        }
        #expect(CareFact.pension(monthly: 325_000, collection: .proxy, proxyNotarised: false, filedAt: "soum-4310").problem
                == SpecializedCare.pensionCollectionRefusal(inPerson: false, proxyNotarised: false))
        for fact in Self.facts { #expect(fact.problem == nil, "\(fact)") }
        #expect(CareFact.leaving(way: "discharge_by_order", clothes: nil, travel: 20_000, ground: "crime", note: "").problem == nil)
    }

    @Test("The current facility is the latest transfer; events read oldest first whatever their fields' order")
    func history() {
        let placed = event(.placement(facility: "А газар"), "2026-03-01", at: 1)
        let moved = event(.transfer(toFacility: "Б газар", reason: "нас"), "2026-05-01", at: 2)
        let movedAgain = event(.transfer(toFacility: "В газар", reason: "тусгай хэрэгцээ"), "2026-05-01", at: 3)
        let warned = event(.discipline(measure: "council_warning", ground: "drinking", note: ""), "2026-04-01", at: 4)
        var values = ["name": "Бат"]
        for e in [movedAgain, warned, placed, moved] { values[e.field] = e.value }
        let history = CareHistory(values: values)
        #expect(history.events == [placed, warned, moved, movedAgain])
        #expect(history.currentFacility == "В газар")
        #expect(history.leaving == nil)
    }

    @Test("A pension shows the 70/30 split for an elderly resident, not for a child")
    func pensionText() {
        let pension = event(.pension(monthly: 325_000, collection: .inPerson, proxyNotarised: false, filedAt: "soum-4310"), "2026-03-01")
        let elderly = CareText.facts(pension, service: .careElderly, birthDate: d("1950-03-12"))
        #expect(elderly.contains("асруулагчид 70% (to the resident) 227,500 ₮"))
        #expect(elderly.contains("асрамжийн газарт 30% (to the facility) 97,500 ₮"))
        #expect(elderly.contains("Өөрийн биеэр авна"))
        #expect(elderly.contains("soum-4310"))
        let child = CareText.facts(pension, service: .careChildren, birthDate: d("2015-01-01"))
        #expect(child.contains("70/30 хуваарилалт хамаарахгүй") && !child.contains("227,500"))
        let youngDisabled = CareText.facts(pension, service: .careDisabled, birthDate: d("2010-01-01"))
        #expect(youngDisabled.contains("хамаарахгүй"))
        let leaving = event(.leaving(way: "own_request", clothes: 150_000, travel: 85_000, ground: nil, note: ""))
        let text = CareText.facts(leaving, service: .careElderly, birthDate: nil)
        #expect(text.hasPrefix("Өөрийн хүсэлтээр гэрээг цуцлан"))
        #expect(text.contains("Хэрэглэж байсан хувцас, хэрэглэл (clothes and belongings): 150,000 ₮"))
        #expect(text.contains("унааны зардал (travel): 85,000 ₮"))
    }
}

extension CareFact: CustomTestStringConvertible {
    public var testDescription: String { "\(kind.rawValue)" }
}
