/// The outcome of an eligibility check, with the reasons: why yes (the categories
/// that apply) or why not. Never empty. Each reason is Mongolian first, then English
/// in parentheses.
public struct EligibilityResult: Sendable, Equatable {
    public let eligible: Bool
    public let reasons: [String]

    public init(eligible: Bool, reasons: [String]) {
        precondition(!reasons.isEmpty, "an eligibility result always says why")
        self.eligible = eligible
        self.reasons = reasons
    }
}

/// Eligibility rules of every service (DESIGN §8), as pure functions of the facts and
/// the day of the check. They decide what facts can decide; what a social worker
/// assesses (living alone, no one to support them, difficult circumstances) is theirs.
public enum Eligibility {
    /// Pension age: men 60, women 55 (social welfare pension). Care for the elderly
    /// uses the same ages: MY READING, the care source says "ахмад настан" (elderly)
    /// without an age.
    public static func pensionAge(_ sex: Sex) -> Int { sex == .male ? 60 : 55 }
    public static let shortStatureAge = 16
    public static let disabilityAge = 16
    public static let disabilityMinLossPercent = 50
    public static let childAgeLimit = 18
    public static let pensionSingleParentChildren = 4
    /// Single parents of 4+ children: mothers from 45, fathers from 50.
    public static func pensionSingleParentAge(_ sex: Sex) -> Int { sex == .male ? 50 : 45 }
    public static let ageGiftAge = 65
    public static let childCareAgeLimit = 3
    public static let singleParentAllowanceChildren = 3
    public static let pregnancyFromMonth = 5
    public static let tripletsAgeLimit = 4

    public static func check(_ service: Service, _ facts: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        switch service {
        case .welfarePension: welfarePension(facts, on: date)
        case .elderlyAgeGift: ageGift(facts, on: date)
        case .childCareAllowance: childCare(facts, on: date)
        case .twinsAllowance: twins(facts, on: date)
        case .singleParentAllowance: singleParent(facts, on: date)
        case .pregnancyAllowance: pregnancy(facts)
        case .mothersGlory1: mothersGlory(1, facts)
        case .mothersGlory2: mothersGlory(2, facts)
        case .careElderly: careElderly(facts, on: date)
        case .careDisabled: careDisabled(facts)
        case .careChildren: careChildren(facts, on: date)
        case .careTriplets: careTriplets(facts, on: date)
        }
    }

    // MARK: Social welfare pension

    static func welfarePension(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        let age = f.age(on: date)
        if f.hasInsurancePension {
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "Нийгмийн даатгалын тэтгэвэр авах эрхтэй тул нийгмийн халамжийн тэтгэвэр олгохгүй",
                "entitled to a social insurance pension, so no social welfare pension")])
        }
        var yes: [String] = []
        var no: [String] = []

        let pensionAge = pensionAge(f.sex)
        if age >= pensionAge {
            yes.append(f.sex == .male
                ? bilingual("60 ба түүнээс дээш настай эрэгтэй: \(age) настай", "man aged 60 or over: aged \(age)")
                : bilingual("55 ба түүнээс дээш настай эмэгтэй: \(age) настай", "woman aged 55 or over: aged \(age)"))
        } else {
            no.append(bilingual(
                "Тэтгэврийн насанд хүрээгүй: \(age) настай \(f.sex.mongolian.lowercased()), \(pensionAge) наснаас олгоно",
                "below pension age: a \(f.sex == .male ? "man" : "woman") aged \(age), from \(pensionAge)"))
        }

        if f.shortStature {
            if age >= shortStatureAge {
                yes.append(bilingual("16 насанд хүрсэн одой иргэн", "person of short stature aged 16 or over"))
            } else {
                no.append(bilingual("Одой иргэн 16 насанд хүрээгүй: \(age) настай", "person of short stature under 16: aged \(age)"))
            }
        }

        if let loss = f.workCapacityLossPercent {
            if loss >= disabilityMinLossPercent && age >= disabilityAge {
                yes.append(bilingual(
                    "Хөдөлмөрийн чадвараа \(loss) хувиар алдсан 16 насанд хүрсэн хөгжлийн бэрхшээлтэй иргэн",
                    "person with a disability aged 16 or over with \(loss)% loss of work capacity"))
            } else {
                if loss < disabilityMinLossPercent {
                    no.append(bilingual(
                        "Хөдөлмөрийн чадвар алдалт \(loss) хувь: 50 хувиас бага",
                        "loss of work capacity \(loss)%: below 50%"))
                }
                if age < disabilityAge {
                    no.append(bilingual(
                        "Хөгжлийн бэрхшээлтэй иргэн 16 насанд хүрээгүй: \(age) настай",
                        "person with a disability under 16: aged \(age)"))
                }
            }
        }

        if f.lostBreadwinner {
            if age < childAgeLimit {
                yes.append(bilingual("Тэжээгч нь нас барсан 18 хүртэлх насны хүүхэд", "child under 18 whose breadwinner died"))
            } else {
                no.append(bilingual("Тэжээгчээ алдсан боловч 18 нас хүрсэн: \(age) настай", "lost their breadwinner but is 18 or over: aged \(age)"))
            }
        }

        if f.isSingleParent {
            let n = f.childrenUnder18
            let minAge = pensionSingleParentAge(f.sex)
            let parentMongolian = f.sex == .male ? "эцэг" : "эх"
            let parentEnglish = f.sex == .male ? "father" : "mother"
            if n >= pensionSingleParentChildren && age >= minAge {
                yes.append(bilingual(
                    "18 хүртэлх насны \(n) хүүхэдтэй, өрх толгойлсон \(minAge) насанд хүрсэн \(parentMongolian)",
                    "single \(parentEnglish) aged \(minAge) or over with \(n) children under 18"))
            } else {
                if n < pensionSingleParentChildren {
                    no.append(bilingual(
                        "Өрх толгойлсон боловч 18 хүртэлх насны хүүхэд 4-өөс цөөн: \(n)",
                        "single parent with fewer than 4 children under 18: \(n)"))
                }
                if age < minAge {
                    no.append(bilingual(
                        "Өрх толгойлсон \(parentMongolian) \(minAge) насанд хүрээгүй: \(age) настай",
                        "single \(parentEnglish) under \(minAge): aged \(age)"))
                }
            }
        }

        if !yes.isEmpty { return EligibilityResult(eligible: true, reasons: yes) }
        return EligibilityResult(eligible: false, reasons: no + [bilingual(
            "Нийгмийн халамжийн тэтгэвэр авах ангилалд хамаарахгүй",
            "fits no category of the social welfare pension")])
    }

    // MARK: Allowances

    static func ageGift(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        let age = f.age(on: date)
        guard age >= ageGiftAge, let bracket = AgeBracket.ageGift.first(where: { $0.contains(age) }) else {
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "65 насанд хүрээгүй: \(age) настай", "under 65: aged \(age)")])
        }
        return EligibilityResult(eligible: true, reasons: [bilingual(
            "65 ба түүнээс дээш настай: \(age) настай, \(bracket) насны ангилал",
            "aged 65 or over: aged \(age), bracket \(bracket)")])
    }

    /// Children already born on `date`.
    static func born(_ f: ApplicantFacts, on date: CivilDate) -> [CivilDate] {
        f.childBirthDates.filter { $0 <= date }
    }

    static func childCare(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        let young = born(f, on: date).filter { $0.age(on: date) < childCareAgeLimit }
        if let youngest = young.max() {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "3 нас хүрээгүй хүүхэдтэй: төрсөн огноо \(youngest), 3 нас хүрэх өдөр \(youngest.anniversary(3))",
                "has a child under 3: born \(youngest), turns 3 on \(youngest.anniversary(3))")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "3 нас хүрээгүй хүүхэдгүй", "no child under 3")])
    }

    /// The largest group of children sharing a birth date, born by `date`.
    static func largestMultipleBirth(_ f: ApplicantFacts, on date: CivilDate) -> (date: CivilDate, count: Int)? {
        var counts: [CivilDate: Int] = [:]
        for d in born(f, on: date) { counts[d, default: 0] += 1 }
        // The largest group; among equals the youngest (latest date), deterministically.
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }
            .map { ($0.key, $0.value) }
    }

    static func twins(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        if let group = largestMultipleBirth(f, on: date), group.count >= 2 {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Ихэр хүүхэдтэй: \(group.count) хүүхэд, төрсөн огноо \(group.date)",
                "twins or more: \(group.count) children born on \(group.date)")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "Нэг өдөр төрсөн 2 ба түүнээс дээш хүүхэдгүй", "no two or more children with the same birth date")])
    }

    /// Uses `childrenUnder18` (the count), not `childBirthDates`.
    static func singleParent(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        let n = f.childrenUnder18
        var no: [String] = []
        if !f.isSingleParent {
            no.append(bilingual("Өрх толгойлсон эх, эцэг биш", "not a single parent"))
        }
        if n < singleParentAllowanceChildren {
            no.append(bilingual(
                "18 хүртэлх насны хүүхэд 3-аас цөөн: \(n)", "fewer than 3 children under 18: \(n)"))
        }
        if no.isEmpty {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Өрх толгойлсон, 18 хүртэлх насны \(n) хүүхэдтэй", "single parent with \(n) children under 18")])
        }
        return EligibilityResult(eligible: false, reasons: no)
    }

    /// From the 5th month of pregnancy (months 5 to 10); the applicant is the mother.
    static func pregnancy(_ f: ApplicantFacts) -> EligibilityResult {
        guard f.sex == .female else {
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "Жирэмсэн эхэд олгоно: өргөдөл гаргагч эмэгтэй биш", "paid to the pregnant mother: the applicant is not a woman")])
        }
        guard let month = f.pregnancyMonth else {
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "Жирэмсэн болох нь тогтоогдоогүй", "no pregnancy recorded")])
        }
        guard (1...10).contains(month) else {
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "Жирэмсний сар буруу: \(month)", "not a valid month of pregnancy: \(month)")])
        }
        if month >= pregnancyFromMonth {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Жирэмсний \(month) дахь сар: 5 дахь сараас эхлэн олгоно", "month \(month) of pregnancy: paid from the 5th month")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "Жирэмсний \(month) дахь сар: 5 дахь сар хүрээгүй", "month \(month) of pregnancy: not yet the 5th month")])
    }

    static func mothersGlory(_ order: Int, _ f: ApplicantFacts) -> EligibilityResult {
        let roman = order == 1 ? "I" : "II"
        if f.mothersGloryOrder == order {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Эхийн алдар \(roman) зэргийн одонтой", "holds the Mother's Glory order \(roman)")])
        }
        if let held = f.mothersGloryOrder, held == 1 || held == 2 {
            let heldRoman = held == 1 ? "I" : "II"
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "Эхийн алдар \(heldRoman) зэргийн одонтой, \(roman) зэргийн одонгүй",
                "holds the Mother's Glory order \(heldRoman), not order \(roman)")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "Эхийн алдар одонгүй", "holds no Mother's Glory order")])
    }

    // MARK: Specialized care

    static func careElderly(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        let age = f.age(on: date)
        let limit = pensionAge(f.sex)
        let who = f.sex == .male ? ("эрэгтэй", "man") : ("эмэгтэй", "woman")
        if age >= limit {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Ахмад настан: \(limit) ба түүнээс дээш настай \(who.0), \(age) настай",
                "elderly: a \(who.1) aged \(limit) or over, aged \(age)")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "Ахмад настны насанд хүрээгүй: \(age) настай \(who.0), \(limit) наснаас",
            "not of elderly age: a \(who.1) aged \(age), from \(limit)")])
    }

    static func careDisabled(_ f: ApplicantFacts) -> EligibilityResult {
        if let loss = f.workCapacityLossPercent {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Хөгжлийн бэрхшээлтэй иргэн: хөдөлмөрийн чадвараа \(loss) хувиар алдсан",
                "person with a disability: \(loss)% loss of work capacity")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "Хөгжлийн бэрхшээл тогтоогдоогүй", "no disability recorded")])
    }

    static func careChildren(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        let age = f.age(on: date)
        if age < childAgeLimit {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "18 хүртэлх насны хүүхэд: \(age) настай", "child under 18: aged \(age)")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "18 нас хүрсэн: \(age) настай", "aged 18 or over: aged \(age)")])
    }

    static func careTriplets(_ f: ApplicantFacts, on date: CivilDate) -> EligibilityResult {
        var counts: [CivilDate: Int] = [:]
        for d in born(f, on: date) { counts[d, default: 0] += 1 }
        let groups = counts.filter { $0.value >= 3 }
        if let young = groups.filter({ $0.key.age(on: date) < tripletsAgeLimit }).max(by: { $0.key < $1.key }) {
            return EligibilityResult(eligible: true, reasons: [bilingual(
                "Дөрөв хүртэлх насны гурав ба түүнээс дээш ихэр: \(young.value) хүүхэд, төрсөн огноо \(young.key)",
                "triplets or more under 4: \(young.value) children born on \(young.key)")])
        }
        if let old = groups.max(by: { $0.key < $1.key }) {
            return EligibilityResult(eligible: false, reasons: [bilingual(
                "Ихэр хүүхэд 4 нас хүрсэн: төрсөн огноо \(old.key)",
                "the triplets have turned 4: born on \(old.key)")])
        }
        return EligibilityResult(eligible: false, reasons: [bilingual(
            "Гурав ба түүнээс дээш ихэр хүүхэдгүй", "no triplets or more")])
    }
}
