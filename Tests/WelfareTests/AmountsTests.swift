import SyncModel
import Testing

@Suite("Amounts by date")
struct AmountsTests {
    @Test("The pension in force is found by date: none before the first row, the older row between, the newer after", arguments: [
        ("2022-12-31", nil), ("2023-01-01", 270_000), ("2023-07-01", 270_000), ("2023-12-31", 270_000),
        ("2024-01-01", 325_000), ("2026-11-25", 325_000),
    ] as [(String, Int?)])
    func pensionByDate(_ date: String, _ amount: Int?) {
        let rule = Amounts.rule(for: .welfarePension, facts: nil, on: d(date))
        #expect(rule?.amount == amount)
        if let rule {
            #expect(rule.period == .monthly)
            #expect(rule.effectiveFrom <= d(date))
        }
    }

    @Test("Each service's amount and period from 2024-01-01", arguments: [
        (Service.pregnancyAllowance, 40_000, Period.monthly, false),
        (.childCareAllowance, 50_000, .monthly, false),
        (.twinsAllowance, 1_000_000, .once, true),
        (.careTriplets, 3_000_000, .once, true),
        (.singleParentAllowance, 240_000, .quarterly, false),
        (.mothersGlory1, 200_000, .yearly, false),
        (.mothersGlory2, 100_000, .yearly, false),
        (.welfarePension, 325_000, .monthly, false),
    ])
    func amounts(_ service: Service, _ amount: Int, _ period: Period, _ perChild: Bool) throws {
        let rule = try #require(Amounts.rule(for: service, facts: nil, on: d("2024-01-01")))
        #expect(rule.amount == amount && rule.period == period && rule.perChild == perChild)
        #expect(rule.effectiveFrom == d("2024-01-01"))
        #expect(!rule.resolution.isEmpty)
        #expect(Amounts.rule(for: service, facts: nil, on: d("2023-12-31")) == nil || service == .welfarePension)
    }

    @Test("The age gift is paid twice a year by age bracket", arguments: [
        ("2025-07-09", nil), ("2025-07-10", 50_000), ("2030-07-09", 50_000), ("2030-07-10", 80_000),
        ("2040-07-09", 80_000), ("2040-07-10", 150_000), ("2050-07-09", 150_000), ("2050-07-10", 250_000),
        ("2070-01-01", 250_000),
    ] as [(String, Int?)])
    func ageGift(_ date: String, _ amount: Int?) {
        let facts = ApplicantFacts(birthDate: d("1960-07-10"), sex: .female)
        let rule = Amounts.rule(for: .elderlyAgeGift, facts: facts, on: d(date))
        #expect(rule?.amount == amount)
        if let rule { #expect(rule.period == .halfYearly) }
    }

    @Test("The age gift needs the applicant's age")
    func ageGiftNeedsFacts() {
        #expect(Amounts.rule(for: .elderlyAgeGift, facts: nil, on: d("2026-11-25")) == nil)
    }

    @Test("The in-kind care services have no cash amount", arguments: [Service.careElderly, .careDisabled, .careChildren])
    func inKind(_ service: Service) {
        #expect(Amounts.rule(for: service, facts: nil, on: d("2026-11-25")) == nil)
    }

    @Test("The table has one row per service and date, or per bracket, never two in force at once")
    func tableIsUnambiguous() {
        var seen: Set<String> = []
        for row in Amounts.table {
            let key = "\(row.service.rawValue) \(row.ages?.description ?? "-") \(row.rule.effectiveFrom)"
            #expect(seen.insert(key).inserted, "\(key)")
            #expect(row.rule.amount > 0)
        }
        #expect(AgeBracket.ageGift.map(\.description) == ["65-69", "70-79", "80-89", "90+"])
    }
}
