import SyncModel
import Testing

@Suite("Amounts by date")
struct AmountsTests {
    /// A table with history, built by the test: the live table has none.
    static let history: [Amounts.Row] = [
        Amounts.Row(service: .welfarePension, rule: AmountRule(
            amount: 270_000, period: .monthly, effectiveFrom: d("2023-01-01"), resolution: "test 1", confirmed: true)),
        Amounts.Row(service: .welfarePension, rule: AmountRule(
            amount: 325_000, period: .monthly, effectiveFrom: d("2024-01-01"), resolution: "test 2", confirmed: true)),
    ]

    @Test("The amount in force is found by date: none before the first row, the older row between, the newer after", arguments: [
        ("2022-12-31", nil), ("2023-01-01", 270_000), ("2023-07-01", 270_000), ("2023-12-31", 270_000),
        ("2024-01-01", 325_000), ("2026-11-25", 325_000),
    ] as [(String, Int?)])
    func pensionByDate(_ date: String, _ amount: Int?) throws {
        let rule = Amounts.rule(for: .welfarePension, facts: nil, on: d(date), in: Self.history)
        #expect(rule?.amount == amount)
        if let rule {
            #expect(rule.period == .monthly)
            #expect(try #require(rule.effectiveFrom) <= d(date))
        }
    }

    @Test("An undated row applies before the first dated one, and the dated one from its day")
    func undatedRowIsTheEarliest() {
        let table = [
            Amounts.Row(service: .welfarePension, rule: AmountRule(amount: 325_000, period: .monthly, effectiveFrom: nil, resolution: "?")),
            Amounts.Row(service: .welfarePension, rule: AmountRule(
                amount: 350_000, period: .monthly, effectiveFrom: d("2027-01-01"), resolution: "new", confirmed: true)),
        ]
        #expect(Amounts.rule(for: .welfarePension, facts: nil, on: d("2026-12-31"), in: table)?.amount == 325_000)
        #expect(Amounts.rule(for: .welfarePension, facts: nil, on: d("2027-01-01"), in: table)?.amount == 350_000)
    }

    @Test("The live table holds no invented history: a 2023 date gets today's amount, marked not confirmed, not a made-up 2023 row")
    func liveTableHasNoInventedRows() throws {
        for date in ["2023-06-01", "2026-11-25"] {
            let rule = try #require(Amounts.rule(for: .welfarePension, facts: nil, on: d(date)))
            #expect(rule.amount == 325_000)
            #expect(!rule.confirmed)
        }
        #expect(Amounts.table.allSatisfy { !$0.rule.resolution.contains("Жишээ") && !$0.rule.resolution.contains("illustrative") })
        #expect(Amounts.table.filter { $0.service == .welfarePension }.count == 1)
    }

    @Test("No row claims a first day or a confirmation the sources do not give")
    func rowsAreHonestlyUnconfirmed() {
        for row in Amounts.table {
            #expect(row.rule.effectiveFrom == nil, "\(row.service.rawValue)")
            #expect(!row.rule.confirmed, "\(row.service.rawValue)")
            #expect(row.rule.resolution.contains("баталгаажуулах"), "\(row.service.rawValue)")
        }
    }

    @Test("Each service's amount and period", arguments: [
        (Service.pregnancyAllowance, 40_000, Period.monthly, false),
        (.childCareAllowance, 50_000, .monthly, false),
        (.twinsAllowance, 1_000_000, .once, true),
        (.singleParentAllowance, 240_000, .quarterly, false),
        (.mothersGlory1, 200_000, .yearly, false),
        (.mothersGlory2, 100_000, .yearly, false),
        (.welfarePension, 325_000, .monthly, false),
    ])
    func amounts(_ service: Service, _ amount: Int, _ period: Period, _ perChild: Bool) throws {
        let rule = try #require(Amounts.rule(for: service, facts: nil, on: d("2026-11-25")))
        #expect(rule.amount == amount && rule.period == period && rule.perChild == perChild)
        #expect(!rule.resolution.isEmpty)
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

    @Test("The care services, triplets included, are care in kind: no cash amount",
          arguments: [Service.careElderly, .careDisabled, .careChildren, .careTriplets])
    func inKind(_ service: Service) {
        #expect(Amounts.rule(for: service, facts: nil, on: d("2026-11-25")) == nil)
        var facts = ApplicantFacts(birthDate: d("1990-01-01"), sex: .female)
        facts.childBirthDates = [d("2025-03-01"), d("2025-03-01"), d("2025-03-01")]
        #expect(Amounts.rule(for: service, facts: facts, on: d("2026-11-25")) == nil)
    }

    @Test("Triplets and more get the twins allowance's multiple-birth rate, per child; twins the twins rate")
    func tripletsCashIsTheTwinsAllowance() throws {
        var facts = ApplicantFacts(birthDate: d("1990-01-01"), sex: .female)
        facts.childBirthDates = [d("2025-03-01"), d("2025-03-01")]
        #expect(Amounts.rule(for: .twinsAllowance, facts: facts, on: d("2026-11-25"))?.amount == 1_000_000)
        facts.childBirthDates = [d("2025-03-01"), d("2025-03-01"), d("2025-03-01"), d("2019-05-05")]
        let triplets = try #require(Amounts.rule(for: .twinsAllowance, facts: facts, on: d("2026-11-25")))
        #expect(triplets.amount == 3_000_000 && triplets.perChild && triplets.period == .once)
        #expect(Amounts.rule(for: .twinsAllowance, facts: nil, on: d("2026-11-25"))?.amount == 1_000_000)
    }

    @Test("The table has one row per service and date, or per bracket, never two in force at once")
    func tableIsUnambiguous() {
        var seen: Set<String> = []
        for row in Amounts.table {
            let key = "\(row.service.rawValue) \(row.ages?.description ?? "-") \(row.bornTogether ?? 0) \(row.rule.effectiveFrom?.iso ?? "undated")"
            #expect(seen.insert(key).inserted, "\(key)")
            #expect(row.rule.amount > 0)
        }
        #expect(AgeBracket.ageGift.map(\.description) == ["65-69", "70-79", "80-89", "90+"])
    }
}
