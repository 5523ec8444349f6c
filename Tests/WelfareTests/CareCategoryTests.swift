import SyncModel
import Testing

/// The care category: only the ones that fit the service, refused otherwise with the
/// ones that do, and required before a care case is submitted.
@Suite struct CareCategoryTests {
    @Test("Each care service offers only its categories; cash services none", arguments: [
        (Service.careElderly, ["elderly_without_support"]),
        (.careDisabled, ["disabled_without_support", "disabled_child_in_permanent_care"]),
        (.careChildren, ["child_in_difficult_circumstances", "disabled_child_in_permanent_care"]),
        (.careTriplets, ["triplets_under_4"]),
        (.welfarePension, []), (.twinsAllowance, []),
    ])
    func categoriesFitTheService(_ service: Service, _ ids: [String]) {
        #expect(CareCategory.categories(for: service).map(\.id) == ids)
        for id in ids { #expect(CareCategory.refusal(id, service: service) == nil) }
    }

    @Test func everyOneOfTheFiveCategories_FitsSomeCareService() {
        let offered = Set(Service.allCases.flatMap { CareCategory.categories(for: $0).map(\.id) })
        #expect(offered == Set(SpecializedCare.eligibilityCategories.map(\.id)))
        #expect(offered.count == 5)
    }

    @Test func anUnfittingCategory_IsRefusedBilingually_WithTheOnesThatFit() throws {
        let reason = try #require(CareCategory.refusal("triplets_under_4", service: .careElderly))
        #expect(isBilingual(reason))
        #expect(reason.contains("does not fit care-elderly") && reason.contains("elderly_without_support"))
    }

    @Test func anUnknownCategory_IsRefusedBilingually_WithTheOnesThatFit() throws {
        let reason = try #require(CareCategory.refusal("orphan", service: .careChildren))
        #expect(isBilingual(reason))
        #expect(reason.contains("no care category 'orphan'"))
        #expect(reason.contains("child_in_difficult_circumstances, disabled_child_in_permanent_care"))
    }

    @Test func aCashService_HasNoCategory() throws {
        let reason = try #require(CareCategory.refusal("elderly_without_support", service: .welfarePension))
        #expect(reason.contains("only the specialized care services"))
    }

    @Test func aCareCase_IsSubmittedOnlyWithACategory_ACashCaseWithout() throws {
        let missing = try #require(CareCategory.submitRefusal(service: .careDisabled, values: [:]))
        #expect(isBilingual(missing))
        #expect(missing.hasPrefix("Хамрагдах иргэний ангилал сонгоогүй"))
        #expect(missing.contains("disabled_without_support"))
        #expect(CareCategory.submitRefusal(service: .careDisabled, values: ["care_category": ""]) != nil)
        #expect(CareCategory.submitRefusal(service: .careDisabled, values: ["care_category": "elderly_without_support"]) != nil)
        #expect(CareCategory.submitRefusal(service: .careDisabled, values: ["care_category": "disabled_without_support"]) == nil)
        #expect(CareCategory.submitRefusal(service: .welfarePension, values: [:]) == nil)
    }

    @Test func aCategoryIsShown_InTheSourcesMongolian_WithEnglish() {
        let shown = CareCategory.shown("triplets_under_4")
        #expect(shown.hasPrefix("Улсын зардлаар төрөлжсөн асрамжийн газар асрамжлан өсгөхийг эцэг, эх нь зөвшөөрсөн дөрөв хүртэлх насны гурав ба түүнээс дээш ихэр хүүхэд ("))
        #expect(shown.contains("triplets or more under the age of four"))
        #expect(CareCategory.shown("made_up") == "made_up")
    }

    @Test func theDecisionsGround_IsAHubOnlyField() {
        #expect(FieldPolicies.policy(collection: CaseFields.collection, field: CareCategory.decisionField) == .hubAuthority)
        #expect(FieldPolicies.policy(collection: CaseFields.collection, field: CareCategory.field) == .lastWriterWins)
    }

    @Test func theWizardsCategoryField_IsAChoiceOfTheFittingOnes_AndRequired() {
        let (values, errors) = ApplicationForm.validate(.careChildren, [:])
        #expect(values["care_category"] == nil)
        #expect(errors["care_category"]?.contains("child_in_difficult_circumstances") == true)
        let wrong = ApplicationForm.validate(.careChildren, ["care_category": "elderly_without_support"])
        #expect(wrong.errors["care_category"]?.contains("'elderly_without_support' is not one of") == true)
        let right = ApplicationForm.validate(.careChildren, ["care_category": " disabled_child_in_permanent_care "])
        #expect(right.errors.isEmpty && right.values["care_category"] == "disabled_child_in_permanent_care")
        let field = ApplicationForm.careCategory(for: .careChildren)
        #expect(field.shown("disabled_child_in_permanent_care").hasPrefix("Байнгын асрамжид байдаг хөгжлийн бэрхшээлтэй 18 хүртэлх насны хүүхэд"))
    }
}

/// Service names whole, as the sources write them.
@Suite struct ServiceNameTests {
    @Test("The Mongolian names are the sources' full names", arguments: [
        (Service.childCareAllowance, "0-3 хүртэлх насны хүүхэд асарсны тэтгэмж"),
        (.singleParentAllowance, "0-18 хүртэлх насны 3 болон түүнээс дээш хүүхэдтэй өрх толгойлсон эх, эцгийн тэтгэмж"),
        (.mothersGlory1, "Эхийн алдар 1 дүгээр одонтой эхэд олгох мөнгөн тусламж"),
        (.mothersGlory2, "Эхийн алдар 2 дугаар одонтой эхэд олгох мөнгөн тусламж"),
        (.careChildren, "Хүнд нөхцөлд байгаа 18 хүртэлх насны хүүхдийн асрамжийн үйлчилгээ"),
        (.careTriplets, "3 ба түүнээс дээш ихэр хүүхдийн асрамжийн үйлчилгээ"),
        (.pregnancyAllowance, "Жирэмсэн эхийн тэтгэмж"),
        (.twinsAllowance, "Ихэр хүүхдийн тэтгэмж"),
        (.elderlyAgeGift, "Насны хишиг"),
    ])
    func fullName(_ service: Service, _ name: String) {
        #expect(service.mongolianName == name)
    }

    @Test func theCareServicesNames_AreTheServiceTypesOfTheSource() {
        for type in SpecializedCare.serviceTypes {
            #expect(Service(rawValue: type.id)?.mongolianName == type.mongolian)
        }
    }
}
