import Testing
import SyncModel

/// The wizard's per-service facts: only the service's own fields, values checked and
/// normalised, and the stored text read back into the facts eligibility uses.
@Suite struct ApplicationFormTests {
    @Test func everyFactEligibilityReads_IsAskedByItsService() {
        #expect(ApplicationForm.fields(for: .pregnancyAllowance).map(\.id) == ["pregnancy_month"])
        #expect(ApplicationForm.fields(for: .careDisabled).map(\.id) == ["care_category", "work_capacity_loss"])
        #expect(ApplicationForm.fields(for: .careElderly).map(\.id) == ["care_category"])
        #expect(ApplicationForm.fields(for: .elderlyAgeGift).isEmpty)
        #expect(Set(ApplicationForm.fields(for: .welfarePension).map(\.id)) == [
            "insurance_pension", "short_stature", "work_capacity_loss", "lost_breadwinner", "single_parent", "children_under_18"])
    }

    @Test func badValues_AreNamedPerField_AndGoodOnesNormalised() {
        let (values, errors) = ApplicationForm.validate(.welfarePension, [
            "work_capacity_loss": "150", "children_under_18": " 4 ", "single_parent": "on", "short_stature": "",
        ])
        #expect(errors.keys.sorted() == ["work_capacity_loss"])
        #expect(errors["work_capacity_loss"]?.contains("0-100") == true)
        #expect(values["children_under_18"] == "4")
        #expect(values["single_parent"] == "yes")
        #expect(values["short_stature"] == "no")
        let dates = ApplicationForm.validate(.twinsAllowance, ["child_birth_dates": "2025-02-30"])
        #expect(dates.errors["child_birth_dates"]?.contains("2025-02-30") == true)
        #expect(ApplicationForm.validate(.twinsAllowance, ["child_birth_dates": "2025-01-05, 2025-01-05"]).values["child_birth_dates"]
                == "2025-01-05,2025-01-05")
    }

    @Test func storedValues_DecideEligibility() throws {
        let rd = try RegisterNumber.parse("УБ80010112")  // a man born 1980-01-01
        let day = CivilDate(year: 2026, month: 11, day: 25)!
        let unknown = ApplicationForm.facts(rd, [:])
        #expect(!Eligibility.check(.careDisabled, unknown, on: day).eligible)
        let disabled = ApplicationForm.facts(rd, ["work_capacity_loss": "70"])
        #expect(disabled.workCapacityLossPercent == 70)
        #expect(Eligibility.check(.careDisabled, disabled, on: day).eligible)
        let parent = ApplicationForm.facts(rd, ["single_parent": "yes", "children_under_18": "4"])
        #expect(parent.isSingleParent && parent.childrenUnder18 == 4)
        let mother = ApplicationForm.facts(try RegisterNumber.parse("УБ95012421"), ["child_birth_dates": "2025-03-01,2025-03-01"])
        #expect(mother.childBirthDates.count == 2)
    }
}
