import SyncModel
import Testing

@Suite("Specialized care")
struct SpecializedCareTests {
    @Test("The source's lists have 4 service types, 5 categories, 7 discharge reasons and 4 measures")
    func listSizes() {
        #expect(SpecializedCare.serviceTypes.count == 4)
        #expect(SpecializedCare.eligibilityCategories.count == 5)
        #expect(SpecializedCare.dischargeReasons.count == 7)
        #expect(SpecializedCare.disciplinaryMeasures.count == 4)
    }

    @Test("Each service type is one of the four care services, with the service's own name")
    func serviceTypes() {
        let services = SpecializedCare.serviceTypes.compactMap { Service(rawValue: $0.id) }
        #expect(services == [.careElderly, .careDisabled, .careChildren, .careTriplets])
        #expect(SpecializedCare.serviceTypes[0].mongolian == "Ахмад настны асрамжийн үйлчилгээ")
    }

    @Test("Labels have unique snake_case ids and both languages", arguments: [
        SpecializedCare.eligibilityCategories, SpecializedCare.dischargeReasons, SpecializedCare.disciplinaryMeasures,
    ])
    func labels(_ labels: [Label]) {
        #expect(Set(labels.map(\.id)).count == labels.count)
        for label in labels {
            #expect(Document.isValidID(label.id), "\(label.id)")
            #expect(!label.mongolian.isEmpty && !label.english.isEmpty)
            #expect(!label.mongolian.hasSuffix(".") && !label.mongolian.hasSuffix(";"))
            #expect(!label.mongolian.contains("\u{00A0}"))
            #expect(label.description == "\(label.mongolian) (\(label.english))")
        }
    }

    @Test("Discharge reasons and measures are the source's, in its order")
    func sourceOrder() {
        #expect(SpecializedCare.dischargeReasons.map(\.id) == [
            "recovered_able_to_work", "family_found", "sponsored_by_organisation", "child_now_working",
            "contract_ended", "chose_other_service", "able_to_live_independently",
        ])
        #expect(SpecializedCare.dischargeReasons[5].mongolian == "Тухайн асруулагч өөр үйлчилгээ сонгосон")
        #expect(SpecializedCare.disciplinaryMeasures.map(\.id) == [
            "verbal_caution", "council_warning", "discharge_warning", "discharge_by_order",
        ])
        #expect(SpecializedCare.disciplinaryMeasures[2].mongolian == "Асрамжаас гаргахыг сануулах")
    }

    @Test("The pension is split 70% to the resident and 30% to the facility, the rounding remainder to the resident", arguments: [
        (0, 0, 0), (1, 1, 0), (3, 3, 0), (4, 3, 1), (10, 7, 3), (99, 70, 29), (100, 70, 30), (101, 71, 30),
        (325_000, 227_500, 97_500), (325_001, 227_501, 97_500), (325_003, 227_503, 97_500), (325_004, 227_503, 97_501),
        (Int.max, Int.max - Int.max / 100 * 30 - Int.max % 100 * 30 / 100, Int.max / 100 * 30 + Int.max % 100 * 30 / 100),
    ])
    func pensionSplit(_ pension: Int, _ resident: Int, _ facility: Int) {
        let split = SpecializedCare.pensionSplit(pension)
        #expect(split.resident == resident && split.facility == facility)
    }

    @Test("The two shares always sum to the pension, and the facility never gets more than 30%")
    func pensionSplitSums() {
        for pension in 0...20_000 {
            let split = SpecializedCare.pensionSplit(pension)
            #expect(split.resident + split.facility == pension)
            #expect(split.facility * 100 <= pension * 30)
            #expect((split.facility + 1) * 100 > pension * 30)
            #expect(split.resident * 100 >= pension * 70)
        }
    }

    @Test("The split applies to elderly residents and residents with a disability aged 18 or over", arguments: [
        (Service.careElderly, 70, true), (.careDisabled, 17, false), (.careDisabled, 18, true),
        (.careChildren, 12, false), (.careTriplets, 1, false), (.welfarePension, 70, false),
    ])
    func splitApplies(_ service: Service, _ age: Int, _ applies: Bool) {
        #expect(SpecializedCare.pensionSplitApplies(to: service, residentAge: age) == applies)
    }

    @Test("A pension is collected in person, or by the facility's proxy only with a notarised power of attorney", arguments: [
        (true, false, true), (true, true, true), (false, true, true), (false, false, false),
    ])
    func proxy(_ inPerson: Bool, _ notarised: Bool, _ allowed: Bool) {
        let refusal = SpecializedCare.pensionCollectionRefusal(inPerson: inPerson, proxyNotarised: notarised)
        #expect((refusal == nil) == allowed)
        if let refusal { #expect(isBilingual(refusal) && refusal.contains("notarised")) }
        #expect(SpecializedCare.pensionProxyRule.mongolian.contains("нотариатчаар"))
    }
}
