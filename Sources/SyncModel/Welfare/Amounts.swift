/// Amounts of every service by date: ONE table. Not for the four specialized-care
/// services, which are care in kind and have no cash amount.
public enum Amounts {
    /// One row of the table: a service, an age bracket where the amount depends on
    /// age (the age gift), and the rule.
    public struct Row: Sendable, Equatable {
        public let service: Service
        public let ages: AgeBracket?
        public let rule: AmountRule
        /// The row applies only when at least this many of the applicant's children were
        /// born on one day (triplets and more); nil for any.
        public let bornTogether: Int?

        public init(service: Service, ages: AgeBracket? = nil, bornTogether: Int? = nil, rule: AmountRule) {
            self.service = service
            self.ages = ages
            self.bornTogether = bornTogether
            self.rule = rule
        }
    }

    /// The amounts of DESIGN §8. The resolution numbers are not in the sources: the
    /// text says so, to be filled in from the government's resolutions.
    static let design = "Засгийн газрын тогтоол, дугаарыг баталгаажуулах (Government resolution, number to be confirmed; DESIGN §8)"

    /// A row of the live table. `from` is the first day in force (YYYY-MM-DD), nil
    /// while not known; `confirmed` once the department has checked the row against
    /// the resolution.
    private static func row(
        _ service: Service, _ amount: Int, _ period: Period, from: String? = nil, ages: AgeBracket? = nil,
        bornTogether: Int? = nil, perChild: Bool = false, resolution: String = design, confirmed: Bool = false
    ) -> Row {
        Row(service: service, ages: ages, bornTogether: bornTogether, rule: AmountRule(
            amount: amount, period: period, effectiveFrom: from.map { CivilDate(iso: $0)! }, resolution: resolution,
            perChild: perChild, confirmed: confirmed))
    }

    /// The live table: what workers see. MY READING: neither source gives an amount,
    /// a first day or a resolution; the figures are DESIGN §8's. So no row has a first
    /// day (each applies on every date until a dated row replaces it) and none is
    /// confirmed: every amount shown carries `AmountRule.unconfirmedMark`. To correct
    /// one, the department replaces its row here with the resolution's amount, first
    /// day, number and `confirmed: true`, and keeps the old row as history.
    ///
    /// MY READING: DESIGN §8's "triplets+ 3,000,000 per child" is cash for a multiple
    /// birth, not the care service for triplets (care in kind at state expense,
    /// seeds/004), so care-triplets has no row. The sources name no service for that
    /// cash of its own; seeds/000 lists "Ихэр хүүхдийн тэтгэмж" (the twins allowance,
    /// whose eligibility is "twins or more"), so it is that allowance's rate when three
    /// or more children were born on one day.
    public static let table: [Row] = [
        row(.pregnancyAllowance, 40_000, .monthly),
        row(.childCareAllowance, 50_000, .monthly),
        row(.twinsAllowance, 1_000_000, .once, perChild: true),
        row(.twinsAllowance, 3_000_000, .once, bornTogether: 3, perChild: true),
        row(.singleParentAllowance, 240_000, .quarterly),
        row(.elderlyAgeGift, 50_000, .halfYearly, ages: AgeBracket(65, 69)),
        row(.elderlyAgeGift, 80_000, .halfYearly, ages: AgeBracket(70, 79)),
        row(.elderlyAgeGift, 150_000, .halfYearly, ages: AgeBracket(80, 89)),
        row(.elderlyAgeGift, 250_000, .halfYearly, ages: AgeBracket(90)),
        row(.mothersGlory1, 200_000, .yearly),
        row(.mothersGlory2, 100_000, .yearly),
        row(.welfarePension, 325_000, .monthly),
    ]

    /// The rule in force on `date`: among the service's rows (of the applicant's age
    /// bracket on `date`, where rows have brackets) the one with the latest first day
    /// on or before `date`, an undated row counting as the earliest. nil before any
    /// dated row when there is no undated one, for the care services, and for
    /// bracketed rows without facts or outside every bracket. Triplets and more (three
    /// children born on one day) get the multiple-birth row of the twins allowance. `table` is the live
    /// table unless a test gives its own.
    public static func rule(for service: Service, facts: ApplicantFacts?, on date: CivilDate, in table: [Row] = Amounts.table) -> AmountRule? {
        let age = facts?.age(on: date)
        let together = Dictionary(grouping: facts?.childBirthDates ?? [], by: { $0 }).values.map(\.count).max() ?? 0
        return table.filter { row in
            guard row.service == service, row.rule.started(by: date) else { return false }
            if let bornTogether = row.bornTogether, together < bornTogether { return false }
            guard let ages = row.ages else { return true }
            guard let age else { return false }
            return ages.contains(age)
        }
        // The latest first day; on the same day, the row for the larger multiple birth.
        .max { a, b in
            a.rule.effectiveFrom == b.rule.effectiveFrom
                ? (a.bornTogether ?? 0) < (b.bornTogether ?? 0)
                : earlier(a.rule.effectiveFrom, b.rule.effectiveFrom)
        }?
        .rule
    }

    /// Orders first days with "not known" before every date.
    private static func earlier(_ a: CivilDate?, _ b: CivilDate?) -> Bool {
        switch (a, b) {
        case (nil, .some): true
        case (.some(let a), .some(let b)): a < b
        default: false
        }
    }
}
