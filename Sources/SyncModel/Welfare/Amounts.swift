/// Amounts of every service by date: ONE table. Not for the three in-kind care
/// services (elderly, disabled, children), which have no cash amount of their own.
public enum Amounts {
    /// One row of the table: a service, an age bracket where the amount depends on
    /// age (the age gift), and the rule.
    public struct Row: Sendable, Equatable {
        public let service: Service
        public let ages: AgeBracket?
        public let rule: AmountRule
    }

    private static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// The amounts of DESIGN §8. The resolution numbers are not in the sources: the
    /// text says so, to be filled in from the government's resolutions.
    static let design = "Засгийн газрын тогтоол, дугаарыг баталгаажуулах (Government resolution, number to be confirmed; DESIGN §8)"

    private static func row(
        _ service: Service, _ amount: Int, _ period: Period, from: String, ages: AgeBracket? = nil,
        perChild: Bool = false, resolution: String = design
    ) -> Row {
        Row(service: service, ages: ages, rule: AmountRule(
            amount: amount, period: period, effectiveFrom: date(from), resolution: resolution, perChild: perChild))
    }

    public static let table: [Row] = [
        row(.pregnancyAllowance, 40_000, .monthly, from: "2024-01-01"),
        row(.childCareAllowance, 50_000, .monthly, from: "2024-01-01"),
        row(.twinsAllowance, 1_000_000, .once, from: "2024-01-01", perChild: true),
        // Triplets and more: 3,000,000 per child. MY READING: paid once, like twins.
        row(.careTriplets, 3_000_000, .once, from: "2024-01-01", perChild: true),
        row(.singleParentAllowance, 240_000, .quarterly, from: "2024-01-01"),
        row(.elderlyAgeGift, 50_000, .halfYearly, from: "2024-01-01", ages: AgeBracket(65, 69)),
        row(.elderlyAgeGift, 80_000, .halfYearly, from: "2024-01-01", ages: AgeBracket(70, 79)),
        row(.elderlyAgeGift, 150_000, .halfYearly, from: "2024-01-01", ages: AgeBracket(80, 89)),
        row(.elderlyAgeGift, 250_000, .halfYearly, from: "2024-01-01", ages: AgeBracket(90)),
        row(.mothersGlory1, 200_000, .yearly, from: "2024-01-01"),
        row(.mothersGlory2, 100_000, .yearly, from: "2024-01-01"),
        // ILLUSTRATIVE older row, so that the by-date lookup has history to find.
        row(.welfarePension, 270_000, .monthly, from: "2023-01-01",
            resolution: "Жишээ мөр, бодит тогтоол биш (illustrative row, not a real resolution)"),
        row(.welfarePension, 325_000, .monthly, from: "2024-01-01"),
    ]

    /// The rule in force on `date`: among the service's rows (of the applicant's age
    /// bracket on `date`, where rows have brackets) the one with the latest
    /// `effectiveFrom` on or before `date`. nil before any row, for the in-kind care
    /// services, and for bracketed rows without facts or outside every bracket.
    public static func rule(for service: Service, facts: ApplicantFacts?, on date: CivilDate) -> AmountRule? {
        let age = facts?.age(on: date)
        return table.filter { row in
            guard row.service == service, row.rule.effectiveFrom <= date else { return false }
            guard let ages = row.ages else { return true }
            guard let age else { return false }
            return ages.contains(age)
        }
        .max { $0.rule.effectiveFrom < $1.rule.effectiveFrom }?
        .rule
    }
}
