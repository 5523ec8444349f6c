import Foundation

/// The facts an application asks for, per service: what the soum web app's wizard
/// shows (only the service's own fields), how each is stored on the case, and how the
/// stored text becomes `ApplicantFacts` for `Eligibility` and `Amounts`.
public enum ApplicationForm {
    /// How a fact is entered.
    public enum Kind: Sendable, Equatable {
        /// A yes/no box, stored "yes" or "no".
        case flag
        /// A whole number within the range.
        case number(ClosedRange<Int>)
        /// Dates `YYYY-MM-DD`, separated by commas or spaces.
        case dates
        /// One of the options, stored by its id; required.
        case choice([Label])
    }

    /// One fact: stored on the case under `label.id`.
    public struct Field: Sendable, Equatable {
        public let label: Label
        public let kind: Kind
        public var id: String { label.id }

        /// A stored value as people read it: a choice by its label, else the value.
        public func shown(_ value: String) -> String {
            if case .choice(let options) = kind, let option = options.first(where: { $0.id == value }) {
                return option.description
            }
            return value
        }
    }

    public static let insurancePension = Field(
        label: Label(id: "insurance_pension", mongolian: "Нийгмийн даатгалын тэтгэвэр авах эрхтэй",
                     english: "entitled to a social insurance pension"), kind: .flag)
    public static let shortStature = Field(
        label: Label(id: "short_stature", mongolian: "Одой иргэн", english: "person of short stature"), kind: .flag)
    public static let workCapacityLoss = Field(
        label: Label(id: "work_capacity_loss", mongolian: "Хөдөлмөрийн чадвар алдалт, хувь",
                     english: "loss of work capacity, percent"), kind: .number(0...100))
    public static let lostBreadwinner = Field(
        label: Label(id: "lost_breadwinner", mongolian: "Тэжээгчээ алдсан хүүхэд", english: "child who lost the breadwinner"),
        kind: .flag)
    public static let singleParent = Field(
        label: Label(id: "single_parent", mongolian: "Өрх толгойлсон эх, эцэг", english: "single parent"), kind: .flag)
    public static let childrenUnder18 = Field(
        label: Label(id: "children_under_18", mongolian: "18 хүртэлх насны хүүхдийн тоо", english: "children under 18"),
        kind: .number(0...30))
    public static let childBirthDates = Field(
        label: Label(id: "child_birth_dates", mongolian: "Хүүхдийн төрсөн огноо (ОООО-СС-ӨӨ)",
                     english: "children's birth dates, YYYY-MM-DD"), kind: .dates)
    public static let pregnancyMonth = Field(
        label: Label(id: "pregnancy_month", mongolian: "Жирэмсний сар", english: "month of pregnancy"), kind: .number(1...10))
    public static let mothersGloryOrder = Field(
        label: Label(id: "mothers_glory_order", mongolian: "Эхийн алдар одонгийн зэрэг (1 эсвэл 2)",
                     english: "Mother's Glory order, 1 or 2"), kind: .number(1...2))

    /// The care category of a specialized-care application, offering only the
    /// categories that fit the service (`CareCategory`).
    public static func careCategory(for service: Service) -> Field {
        Field(label: Label(id: CareCategory.field, mongolian: "Хамрагдах иргэн",
                           english: "care category: who may be placed"),
              kind: .choice(CareCategory.categories(for: service)))
    }

    /// The facts the service's application asks, in the order asked: the care
    /// category first for care, then the facts `Eligibility.check` reads.
    public static func fields(for service: Service) -> [Field] {
        let category = CaseTransitions.isCare(service) ? [careCategory(for: service)] : []
        return category + eligibilityFields(for: service)
    }

    static func eligibilityFields(for service: Service) -> [Field] {
        switch service {
        case .welfarePension:
            [insurancePension, shortStature, workCapacityLoss, lostBreadwinner, singleParent, childrenUnder18]
        case .childCareAllowance, .twinsAllowance, .careTriplets: [childBirthDates]
        case .singleParentAllowance: [singleParent, childrenUnder18]
        case .pregnancyAllowance: [pregnancyMonth]
        case .mothersGlory1, .mothersGlory2: [mothersGloryOrder]
        case .careDisabled: [workCapacityLoss]
        case .elderlyAgeGift, .careElderly, .careChildren: []
        }
    }

    /// What was entered, checked field by field: the values to store (normalised), and
    /// a bilingual message per field that is wrong. Empty entries are simply not stored.
    public static func validate(_ service: Service, _ entered: [String: String]) -> (values: [String: String], errors: [String: String]) {
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
        for field in fields(for: service) {
            let text = entered[field.id]?.trimmingCharacters(in: .whitespaces) ?? ""
            switch field.kind {
            case .flag:
                values[field.id] = ["yes", "on", "true", "1"].contains(text) ? "yes" : "no"
            case .number(let range):
                guard !text.isEmpty else { continue }
                guard let number = Int(text), range.contains(number) else {
                    errors[field.id] = bilingual(
                        "\(range.lowerBound)-\(range.upperBound) хооронд бүхэл тоо оруулна уу",
                        "enter a whole number from \(range.lowerBound) to \(range.upperBound)")
                    continue
                }
                values[field.id] = String(number)
            case .dates:
                guard !text.isEmpty else { continue }
                let parts = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                let dates = parts.compactMap(CivilDate.init(iso:))
                guard dates.count == parts.count else {
                    let bad = parts.first { CivilDate(iso: $0) == nil } ?? text
                    errors[field.id] = bilingual("'\(bad)' огноо биш: ОООО-СС-ӨӨ хэлбэрээр", "'\(bad)' is not a date: use YYYY-MM-DD")
                    continue
                }
                values[field.id] = dates.map(\.iso).joined(separator: ",")
            case .choice(let options):
                guard options.contains(where: { $0.id == text }) else {
                    let valid = options.map(\.id).joined(separator: ", ")
                    errors[field.id] = text.isEmpty
                        ? bilingual("Сонгоно уу", "choose one: \(valid)")
                        : bilingual("Сонголт '\(text)' байхгүй", "'\(text)' is not one of: \(valid)")
                    continue
                }
                values[field.id] = text
            }
        }
        return (values, errors)
    }

    /// The applicant's facts from the register number and the stored case values;
    /// values that do not parse count as not given.
    public static func facts(_ registerNumber: RegisterNumber, _ values: [String: String]) -> ApplicantFacts {
        var facts = ApplicantFacts(registerNumber: registerNumber)
        func flag(_ field: Field) -> Bool { values[field.id] == "yes" }
        func number(_ field: Field) -> Int? { values[field.id].flatMap { Int($0) } }
        facts.hasInsurancePension = flag(insurancePension)
        facts.shortStature = flag(shortStature)
        facts.workCapacityLossPercent = number(workCapacityLoss)
        facts.lostBreadwinner = flag(lostBreadwinner)
        facts.isSingleParent = flag(singleParent)
        facts.childrenUnder18 = number(childrenUnder18) ?? 0
        facts.childBirthDates = (values[childBirthDates.id] ?? "").split(separator: ",").compactMap { CivilDate(iso: String($0)) }
        facts.pregnancyMonth = number(pregnancyMonth)
        facts.mothersGloryOrder = number(mothersGloryOrder)
        return facts
    }
}
