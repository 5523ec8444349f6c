import SyncModel
import Testing

/// One row of an eligibility table: who, for what, on which day, and the outcome.
struct EligibilityCase: Sendable, CustomTestStringConvertible {
    let name: String
    let service: Service
    let facts: ApplicantFacts
    let on: CivilDate
    let eligible: Bool
    /// A piece of the English part of a reason that must be there.
    let because: String

    init(
        _ name: String, _ service: Service, born: String, _ sex: Sex, on: String, eligible: Bool, because: String,
        _ adjust: (inout ApplicantFacts) -> Void = { _ in }
    ) {
        var facts = ApplicantFacts(birthDate: d(born), sex: sex)
        adjust(&facts)
        self.name = name
        self.service = service
        self.facts = facts
        self.on = d(on)
        self.eligible = eligible
        self.because = because
    }

    var testDescription: String { name }
}

@Suite("Eligibility")
struct EligibilityTests {
    func check(_ c: EligibilityCase) {
        let result = Eligibility.check(c.service, c.facts, on: c.on)
        #expect(result.eligible == c.eligible, "\(result.reasons)")
        #expect(!result.reasons.isEmpty)
        #expect(result.reasons.contains { $0.contains(c.because) }, "\(result.reasons)")
        for reason in result.reasons { #expect(isBilingual(reason), "\(reason)") }
    }

    @Test("Social welfare pension: each category at its edges", arguments: [
        EligibilityCase("a man the day before his 60th birthday is not eligible by age", .welfarePension,
            born: "1966-03-15", .male, on: "2026-03-14", eligible: false, because: "below pension age: a man aged 59, from 60"),
        EligibilityCase("a man on his 60th birthday is eligible", .welfarePension,
            born: "1966-03-15", .male, on: "2026-03-15", eligible: true, because: "man aged 60 or over: aged 60"),
        EligibilityCase("a woman the day before her 55th birthday is not eligible by age", .welfarePension,
            born: "1971-03-15", .female, on: "2026-03-14", eligible: false, because: "a woman aged 54, from 55"),
        EligibilityCase("a woman on her 55th birthday is eligible", .welfarePension,
            born: "1971-03-15", .female, on: "2026-03-15", eligible: true, because: "woman aged 55 or over"),
        EligibilityCase("a man of 55 is not eligible by age", .welfarePension,
            born: "1971-03-15", .male, on: "2026-03-15", eligible: false, because: "a man aged 55, from 60"),
        EligibilityCase("a woman born on 29 February turns 55 on 1 March of a common year, not on 28 February", .welfarePension,
            born: "1968-02-29", .female, on: "2023-02-28", eligible: false, because: "aged 54"),
        EligibilityCase("a woman born on 29 February is eligible on 1 March of her 55th year", .welfarePension,
            born: "1968-02-29", .female, on: "2023-03-01", eligible: true, because: "aged 55"),
        EligibilityCase("a man born on 29 February turns 60 on 29 February of a leap year", .welfarePension,
            born: "1964-02-29", .male, on: "2024-02-29", eligible: true, because: "aged 60"),
        EligibilityCase("a person of short stature at 15 is not eligible", .welfarePension,
            born: "2010-06-01", .male, on: "2026-05-31", eligible: false, because: "short stature under 16: aged 15") { $0.shortStature = true },
        EligibilityCase("a person of short stature at 16 is eligible", .welfarePension,
            born: "2010-06-01", .female, on: "2026-06-01", eligible: true, because: "short stature aged 16 or over") { $0.shortStature = true },
        EligibilityCase("a disabled adult with 49% loss of work capacity is not eligible", .welfarePension,
            born: "1990-01-01", .male, on: "2026-11-25", eligible: false, because: "loss of work capacity 49%: below 50%") { $0.workCapacityLossPercent = 49 },
        EligibilityCase("a disabled adult with 50% loss of work capacity is eligible", .welfarePension,
            born: "1990-01-01", .male, on: "2026-11-25", eligible: true, because: "with 50% loss of work capacity") { $0.workCapacityLossPercent = 50 },
        EligibilityCase("a disabled 15-year-old with 80% loss is not eligible", .welfarePension,
            born: "2010-11-26", .female, on: "2026-11-25", eligible: false, because: "disability under 16: aged 15") { $0.workCapacityLossPercent = 80 },
        EligibilityCase("a disabled person is eligible on their 16th birthday", .welfarePension,
            born: "2010-11-25", .female, on: "2026-11-25", eligible: true, because: "aged 16 or over with 80% loss") { $0.workCapacityLossPercent = 80 },
        EligibilityCase("a child of 17 who lost their breadwinner is eligible", .welfarePension,
            born: "2010-06-01", .male, on: "2028-05-31", eligible: true, because: "child under 18 whose breadwinner died") { $0.lostBreadwinner = true },
        EligibilityCase("a child who lost their breadwinner is no longer eligible on their 18th birthday", .welfarePension,
            born: "2010-06-01", .male, on: "2028-06-01", eligible: false, because: "18 or over: aged 18") { $0.lostBreadwinner = true },
        EligibilityCase("a single mother of 4 at 44 is not eligible", .welfarePension,
            born: "1981-06-01", .female, on: "2026-05-31", eligible: false, because: "single mother under 45: aged 44") {
            $0.isSingleParent = true; $0.childrenUnder18 = 4 },
        EligibilityCase("a single mother of 4 at 45 is eligible", .welfarePension,
            born: "1981-06-01", .female, on: "2026-06-01", eligible: true, because: "single mother aged 45 or over with 4 children") {
            $0.isSingleParent = true; $0.childrenUnder18 = 4 },
        EligibilityCase("a single mother of 3 at 50 is not eligible", .welfarePension,
            born: "1976-06-01", .female, on: "2026-06-01", eligible: false, because: "fewer than 4 children under 18: 3") {
            $0.isSingleParent = true; $0.childrenUnder18 = 3 },
        EligibilityCase("a single father of 4 at 49 is not eligible", .welfarePension,
            born: "1976-06-01", .male, on: "2026-05-31", eligible: false, because: "single father under 50: aged 49") {
            $0.isSingleParent = true; $0.childrenUnder18 = 4 },
        EligibilityCase("a single father of 5 at 50 is eligible", .welfarePension,
            born: "1976-06-01", .male, on: "2026-06-01", eligible: true, because: "single father aged 50 or over with 5 children") {
            $0.isSingleParent = true; $0.childrenUnder18 = 5 },
        EligibilityCase("a mother of 4 who is not a single parent is not eligible at 45", .welfarePension,
            born: "1981-06-01", .female, on: "2026-06-01", eligible: false, because: "fits no category") { $0.childrenUnder18 = 4 },
        EligibilityCase("someone entitled to a social insurance pension gets no welfare pension", .welfarePension,
            born: "1950-01-01", .male, on: "2026-11-25", eligible: false, because: "social insurance pension") { $0.hasInsurancePension = true },
    ])
    func welfarePension(_ c: EligibilityCase) { check(c) }

    @Test("A person who fits several pension categories is told each of them")
    func severalCategories() {
        var facts = ApplicantFacts(birthDate: d("1960-01-01"), sex: .female)
        facts.workCapacityLossPercent = 70
        facts.shortStature = true
        let result = Eligibility.check(.welfarePension, facts, on: d("2026-11-25"))
        #expect(result.eligible)
        #expect(result.reasons.count == 3)
    }

    @Test("Elderly age gift: from 65, in its brackets", arguments: [
        EligibilityCase("at 64 there is no age gift", .elderlyAgeGift, born: "1960-07-10", .male, on: "2025-07-09", eligible: false, because: "under 65: aged 64"),
        EligibilityCase("at 65 the gift is in bracket 65-69", .elderlyAgeGift, born: "1960-07-10", .male, on: "2025-07-10", eligible: true, because: "bracket 65-69"),
        EligibilityCase("at 69 the gift is still in bracket 65-69", .elderlyAgeGift, born: "1960-07-10", .female, on: "2030-07-09", eligible: true, because: "aged 69, bracket 65-69"),
        EligibilityCase("at 70 the gift is in bracket 70-79", .elderlyAgeGift, born: "1960-07-10", .female, on: "2030-07-10", eligible: true, because: "aged 70, bracket 70-79"),
        EligibilityCase("at 79 the gift is in bracket 70-79", .elderlyAgeGift, born: "1940-07-10", .male, on: "2020-07-09", eligible: true, because: "aged 79, bracket 70-79"),
        EligibilityCase("at 80 the gift is in bracket 80-89", .elderlyAgeGift, born: "1940-07-10", .male, on: "2020-07-10", eligible: true, because: "aged 80, bracket 80-89"),
        EligibilityCase("at 89 the gift is in bracket 80-89", .elderlyAgeGift, born: "1930-07-10", .female, on: "2020-07-09", eligible: true, because: "aged 89, bracket 80-89"),
        EligibilityCase("at 90 the gift is in bracket 90+", .elderlyAgeGift, born: "1930-07-10", .female, on: "2020-07-10", eligible: true, because: "aged 90, bracket 90+"),
        EligibilityCase("at 104 the gift is in bracket 90+", .elderlyAgeGift, born: "1922-01-01", .female, on: "2026-11-25", eligible: true, because: "bracket 90+"),
    ])
    func ageGift(_ c: EligibilityCase) { check(c) }

    @Test("Allowances for mothers, children and families", arguments: [
        EligibilityCase("child care: a child of 2 years and 364 days qualifies", .childCareAllowance,
            born: "1995-01-01", .female, on: "2026-04-09", eligible: true, because: "has a child under 3") { $0.childBirthDates = [d("2023-04-10")] },
        EligibilityCase("child care: not from the child's 3rd birthday", .childCareAllowance,
            born: "1995-01-01", .female, on: "2026-04-10", eligible: false, because: "no child under 3") { $0.childBirthDates = [d("2023-04-10")] },
        EligibilityCase("child care: a newborn qualifies on the day of birth", .childCareAllowance,
            born: "1995-01-01", .male, on: "2026-11-25", eligible: true, because: "born 2026-11-25") { $0.childBirthDates = [d("2015-01-01"), d("2026-11-25")] },
        EligibilityCase("child care: a child not yet born does not count", .childCareAllowance,
            born: "1995-01-01", .female, on: "2026-11-25", eligible: false, because: "no child under 3") { $0.childBirthDates = [d("2027-01-01")] },
        EligibilityCase("twins: two children born the same day qualify", .twinsAllowance,
            born: "1995-01-01", .female, on: "2026-11-25", eligible: true, because: "2 children born on 2026-10-01") {
            $0.childBirthDates = [d("2020-05-05"), d("2026-10-01"), d("2026-10-01")] },
        EligibilityCase("twins: children born on different days do not", .twinsAllowance,
            born: "1995-01-01", .female, on: "2026-11-25", eligible: false, because: "no two or more children with the same birth date") {
            $0.childBirthDates = [d("2026-10-01"), d("2026-10-02")] },
        EligibilityCase("twins: one child does not", .twinsAllowance,
            born: "1995-01-01", .female, on: "2026-11-25", eligible: false, because: "no two or more") { $0.childBirthDates = [d("2026-10-01")] },
        EligibilityCase("single parent allowance: a single parent of 3 children under 18 qualifies", .singleParentAllowance,
            born: "1985-01-01", .male, on: "2026-11-25", eligible: true, because: "single parent with 3 children under 18") {
            $0.isSingleParent = true; $0.childrenUnder18 = 3 },
        EligibilityCase("single parent allowance: 2 children are too few", .singleParentAllowance,
            born: "1985-01-01", .female, on: "2026-11-25", eligible: false, because: "fewer than 3 children under 18: 2") {
            $0.isSingleParent = true; $0.childrenUnder18 = 2 },
        EligibilityCase("single parent allowance: not for a parent who is not single", .singleParentAllowance,
            born: "1985-01-01", .female, on: "2026-11-25", eligible: false, because: "not a single parent") { $0.childrenUnder18 = 5 },
        EligibilityCase("pregnancy: the 4th month is too early", .pregnancyAllowance,
            born: "1998-01-01", .female, on: "2026-11-25", eligible: false, because: "not yet the 5th month") { $0.pregnancyMonth = 4 },
        EligibilityCase("pregnancy: from the 5th month", .pregnancyAllowance,
            born: "1998-01-01", .female, on: "2026-11-25", eligible: true, because: "month 5 of pregnancy") { $0.pregnancyMonth = 5 },
        EligibilityCase("pregnancy: the 9th month qualifies", .pregnancyAllowance,
            born: "1998-01-01", .female, on: "2026-11-25", eligible: true, because: "month 9") { $0.pregnancyMonth = 9 },
        EligibilityCase("pregnancy: not without a recorded pregnancy", .pregnancyAllowance,
            born: "1998-01-01", .female, on: "2026-11-25", eligible: false, because: "no pregnancy recorded"),
        EligibilityCase("pregnancy: month 11 is not a month of pregnancy", .pregnancyAllowance,
            born: "1998-01-01", .female, on: "2026-11-25", eligible: false, because: "not a valid month") { $0.pregnancyMonth = 11 },
        EligibilityCase("pregnancy: paid to the mother only", .pregnancyAllowance,
            born: "1998-01-01", .male, on: "2026-11-25", eligible: false, because: "not a woman") { $0.pregnancyMonth = 6 },
        EligibilityCase("Mother's Glory I: for the holder of order I", .mothersGlory1,
            born: "1970-01-01", .female, on: "2026-11-25", eligible: true, because: "holds the Mother's Glory order I") { $0.mothersGloryOrder = 1 },
        EligibilityCase("Mother's Glory I: not for the holder of order II", .mothersGlory1,
            born: "1970-01-01", .female, on: "2026-11-25", eligible: false, because: "holds the Mother's Glory order II, not order I") { $0.mothersGloryOrder = 2 },
        EligibilityCase("Mother's Glory II: for the holder of order II", .mothersGlory2,
            born: "1970-01-01", .female, on: "2026-11-25", eligible: true, because: "order II") { $0.mothersGloryOrder = 2 },
        EligibilityCase("Mother's Glory II: not without an order", .mothersGlory2,
            born: "1970-01-01", .female, on: "2026-11-25", eligible: false, because: "holds no Mother's Glory order"),
    ])
    func allowances(_ c: EligibilityCase) { check(c) }

    @Test("Specialized care", arguments: [
        EligibilityCase("care for the elderly: a man the day before 60 does not qualify", .careElderly,
            born: "1966-03-15", .male, on: "2026-03-14", eligible: false, because: "not of elderly age: a man aged 59"),
        EligibilityCase("care for the elderly: a man of 60 qualifies", .careElderly,
            born: "1966-03-15", .male, on: "2026-03-15", eligible: true, because: "a man aged 60 or over"),
        EligibilityCase("care for the elderly: a woman of 55 qualifies", .careElderly,
            born: "1971-03-15", .female, on: "2026-03-15", eligible: true, because: "a woman aged 55 or over"),
        EligibilityCase("care for the disabled: a recorded disability qualifies", .careDisabled,
            born: "1990-01-01", .male, on: "2026-11-25", eligible: true, because: "30% loss") { $0.workCapacityLossPercent = 30 },
        EligibilityCase("care for the disabled: not without a recorded disability", .careDisabled,
            born: "1990-01-01", .male, on: "2026-11-25", eligible: false, because: "no disability recorded"),
        EligibilityCase("care for children: a child the day before 18 qualifies", .careChildren,
            born: "2008-11-26", .female, on: "2026-11-25", eligible: true, because: "child under 18: aged 17"),
        EligibilityCase("care for children: not from the 18th birthday", .careChildren,
            born: "2008-11-25", .female, on: "2026-11-25", eligible: false, because: "aged 18 or over"),
        EligibilityCase("care for triplets: triplets the day before their 4th birthday qualify", .careTriplets,
            born: "1992-01-01", .female, on: "2026-11-24", eligible: true, because: "3 children born on 2022-11-25") {
            $0.childBirthDates = [d("2022-11-25"), d("2022-11-25"), d("2022-11-25")] },
        EligibilityCase("care for triplets: not from their 4th birthday", .careTriplets,
            born: "1992-01-01", .female, on: "2026-11-25", eligible: false, because: "have turned 4") {
            $0.childBirthDates = [d("2022-11-25"), d("2022-11-25"), d("2022-11-25")] },
        EligibilityCase("care for triplets: quadruplets qualify", .careTriplets,
            born: "1992-01-01", .male, on: "2026-11-25", eligible: true, because: "4 children") {
            $0.childBirthDates = Array(repeating: d("2025-01-01"), count: 4) },
        EligibilityCase("care for triplets: twins do not", .careTriplets,
            born: "1992-01-01", .female, on: "2026-11-25", eligible: false, because: "no triplets or more") {
            $0.childBirthDates = [d("2025-01-01"), d("2025-01-01"), d("2025-01-02")] },
    ])
    func specializedCare(_ c: EligibilityCase) { check(c) }

    @Test("Every service gives reasons, yes or no, for an applicant with no special facts", arguments: Service.allCases)
    func alwaysReasons(_ service: Service) {
        let result = Eligibility.check(service, ApplicantFacts(birthDate: d("1980-05-05"), sex: .female), on: d("2026-11-25"))
        #expect(!result.reasons.isEmpty)
        for reason in result.reasons { #expect(isBilingual(reason), "\(reason)") }
    }
}
