/// How care events read, Mongolian first with English in parentheses: the same words
/// in `case show` at the node and the hub and on the web app's case page.
public enum CareText {
    /// `325,000 ₮`.
    public static func tugrik(_ amount: Int) -> String {
        let digits = String(amount.magnitude)
        var out = ""
        for (index, c) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (amount < 0 ? "-" : "") + out + " ₮"
    }

    /// A label by id from `labels`, shown "Mongolian (English)"; an unknown id as itself.
    static func shown(_ id: String, in labels: [Label]) -> String {
        labels.first { $0.id == id }?.description ?? id
    }

    /// A discharge reason (or any way of leaving) in Mongolian with the English.
    public static func leavingWay(_ id: String) -> String { shown(id, in: CareLabels.leavingWays) }

    /// The facts of one event, after its kind's label. `service` and `birthDate` (from
    /// the register number) decide whether a pension's 70/30 split applies.
    public static func facts(_ event: CareEvent, service: Service?, birthDate: CivilDate?) -> String {
        switch event.fact {
        case .placement(let facility):
            return facility
        case .handover(let by, let receivedBy, let withFile):
            var text = "хүлээлгэн өгсөн (handed over by): \(by); хүлээн авсан (received by): \(receivedBy)"
            if !withFile { text += "; хувийн хэрэггүй (without the personal file)" }
            return text
        case .contract(let number, let side):
            var text = "№ \(number)"
            if !side.isBlank { text += "; асруулагч, асран хамгаалагч (resident or guardian): \(side)" }
            return text
        case .transfer(let facility, let reason):
            return "→ \(facility); шалтгаан (reason): \(reason)"
        case .discipline(let measure, let ground, let note):
            var text = "\(shown(measure, in: SpecializedCare.disciplinaryMeasures)); зөрчил (breach): \(shown(ground, in: CareLabels.disciplinaryGrounds))"
            if !note.isBlank { text += "; \(note)" }
            return text
        case .leaving(let way, let clothes, let travel, let ground, let note):
            var text = leavingWay(way)
            if let ground { text += "; зөрчил (breach): \(shown(ground, in: CareLabels.disciplinaryGrounds))" }
            if let clothes { text += "; \(CareLabels.leavingClothes.mongolian) (clothes and belongings): \(tugrik(clothes))" }
            if let travel { text += "; \(CareLabels.leavingTravel.mongolian) (travel): \(tugrik(travel))" }
            if !note.isBlank { text += "; \(note)" }
            return text
        case .plan(let text):
            return text
        case .pension(let monthly, let collection, let notarised, let filedAt):
            var text = "сарын (monthly) \(tugrik(monthly))"
            if let split = pensionSplit(monthly: monthly, on: event.date, service: service, birthDate: birthDate) {
                text += "; асруулагчид \(SpecializedCare.residentSharePercent)% (to the resident) \(tugrik(split.resident))"
                text += ", асрамжийн газарт \(SpecializedCare.facilitySharePercent)% (to the facility) \(tugrik(split.facility))"
            } else {
                text += "; 70/30 хуваарилалт хамаарахгүй (the 70/30 split does not apply)"
            }
            text += "; \(collection.label)"
            if collection == .proxy && notarised { text += ", итгэмжлэл нотариатчаар гэрчлүүлсэн (notarised proxy)" }
            text += "; тэтгэвэр тогтоолгосон сум, хороо (filed at): \(filedAt)"
            return text
        }
    }

    /// The split of a resident's pension, when it applies (per `pensionSplitApplies`:
    /// elderly residents, residents with a disability aged 18 or over, on the day recorded).
    public static func pensionSplit(monthly: Int, on date: CivilDate, service: Service?, birthDate: CivilDate?)
        -> (resident: Int, facility: Int)? {
        guard let service, monthly >= 0 else { return nil }
        let age = birthDate.map { $0.age(on: date) } ?? 0
        guard SpecializedCare.pensionSplitApplies(to: service, residentAge: age) else { return nil }
        return SpecializedCare.pensionSplit(monthly)
    }

    /// One line of the history: `2026-03-01  Label (English): facts`.
    public static func line(_ event: CareEvent, service: Service?, birthDate: CivilDate?) -> String {
        "\(event.date.iso)  \(event.kind.label): \(facts(event, service: service, birthDate: birthDate))"
    }

    /// The case's birth date and service as its fields give them, for `facts`.
    public static func context(_ values: [String: String]) -> (service: Service?, birthDate: CivilDate?) {
        let service = values[CaseFields.service].flatMap(Service.init(rawValue:))
        let birth = values[CaseFields.registerNumber].flatMap { try? RegisterNumber.parse($0) }?.birthDate
        return (service, birth)
    }
}
