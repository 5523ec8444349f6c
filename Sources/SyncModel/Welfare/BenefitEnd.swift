/// When a benefit stops being owed, from the facts on the case (issue 15, item 5): a
/// child-care allowance when the child turns 3, a pregnancy allowance when the pregnancy
/// ends, allowances for children under 18 when they turn 18. Pure functions.
public struct BenefitEnding: Sendable, Equatable, Codable {
    /// The first day the benefit is no longer owed: a period starting on or after it is
    /// not paid, and from this day the case waits in the district's "to close" queue.
    public let endsOn: CivilDate
    /// Why, Mongolian first.
    public let reason: String
}

public enum BenefitEnd {
    /// The expected day of birth, when the case has one (`case set <n>
    /// expected_birth_date=YYYY-MM-DD`). MY READING: the application form asks only the
    /// month of pregnancy; a date from the medical certificate is more exact, so it wins.
    public static let expectedBirthDateField = "expected_birth_date"
    /// Months of pregnancy as the form counts them (1-10).
    public static let pregnancyMonths = 10

    /// The ending the facts give, nil when they give none (lifelong, one-off, in kind,
    /// or not determinable from what the case records).
    public static func ending(_ service: Service, facts: ApplicantFacts, values: [String: String]) -> BenefitEnding? {
        switch service {
        case .childCareAllowance:
            // The youngest child: the allowance is for caring for a child aged 0-3.
            guard let youngest = facts.childBirthDates.max() else { return nil }
            let day = youngest.anniversary(Eligibility.childCareAgeLimit)
            return BenefitEnding(endsOn: day, reason: bilingual(
                "Хүүхэд 3 нас хүрнэ, төрсөн \(youngest.iso)", "the child turns 3, born \(youngest.iso)"))
        case .singleParentAllowance:
            // MY READING: the allowance is for 3 or more children under 18, so it ends when
            // the third-youngest child turns 18 (fewer than 3 remain under 18). Only with
            // every child's birth date recorded (child_birth_dates); otherwise not determinable.
            let dates = facts.childBirthDates.sorted(by: >)
            guard dates.count >= Eligibility.singleParentAllowanceChildren, dates.count >= facts.childrenUnder18 else { return nil }
            let third = dates[Eligibility.singleParentAllowanceChildren - 1]
            let day = third.anniversary(Eligibility.childAgeLimit)
            return BenefitEnding(endsOn: day, reason: bilingual(
                "18 хүрээгүй хүүхэд 3-аас цөөн болно: \(third.iso)-нд төрсөн хүүхэд 18 нас хүрнэ",
                "fewer than 3 children under 18 remain: the child born \(third.iso) turns 18"))
        case .pregnancyAllowance:
            if let expected = values[expectedBirthDateField].flatMap(CivilDate.init(iso:)) {
                return BenefitEnding(endsOn: expected, reason: bilingual(
                    "Төрөх хугацаа \(expected.iso)", "expected birth on \(expected.iso)"))
            }
            // MY READING: without a date, the pregnancy is in month m (1-10) in the month the
            // application was handed in; it ends after month 10, so the allowance is owed up
            // to the end of the calendar month that is month 10 and ends on the 1st after it.
            guard let month = facts.pregnancyMonth, (1...pregnancyMonths).contains(month),
                  let applied = (values[WorkflowFields.applicationDate] ?? values[WorkflowFields.submittedOn])
                      .flatMap(CivilDate.init(iso:)) else { return nil }
            let day = firstOfMonth(applied, plus: pregnancyMonths - month + 1)
            return BenefitEnding(endsOn: day, reason: bilingual(
                "Жирэмсний 10 дахь сар дуусна: өргөдөл өгөхөд \(month) дахь сар",
                "month 10 of pregnancy ends: month \(month) when the application was handed in"))
        case .welfarePension:
            // MY READING: of the pension's categories only a child who lost the breadwinner
            // has an end the facts give (turning 18); age is lifelong, disability lasts until
            // the commission's next assessment, and a single parent's children are reviewed
            // by a person. Only when no other category applies.
            guard facts.lostBreadwinner, !facts.shortStature,
                  (facts.workCapacityLossPercent ?? 0) < Eligibility.disabilityMinLossPercent,
                  !(facts.isSingleParent && facts.childrenUnder18 >= Eligibility.pensionSingleParentChildren)
            else { return nil }
            let day = facts.birthDate.anniversary(Eligibility.childAgeLimit)
            return BenefitEnding(endsOn: day, reason: bilingual(
                "Тэжээгчээ алдсан хүүхэд 18 нас хүрнэ", "the child who lost the breadwinner turns 18"))
        case .twinsAllowance, .elderlyAgeGift, .mothersGlory1, .mothersGlory2,
             .careElderly, .careDisabled, .careChildren, .careTriplets:
            return nil
        }
    }

    /// The 1st of the month `months` after `date`'s month.
    static func firstOfMonth(_ date: CivilDate, plus months: Int) -> CivilDate {
        let total = date.year * 12 + (date.month - 1) + months
        return CivilDate(unchecked: total / 12, total % 12 + 1, 1)
    }
}
