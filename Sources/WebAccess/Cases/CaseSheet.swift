import CaseBooks
import SyncModel

/// The parts of a case's page both web apps show alike: what the soum recorded (the
/// applicant, the state, the dates and the 30-day clock, the application's facts) and the
/// decision with its decree.
public enum CaseSheet {
    /// The facts card. `applicantLink` is where the applicant's name links to (the soum's
    /// `/people/` + register number); nil shows the name without a link.
    /// What stands over a case page (issue 19): the hub's double-application flag, and a
    /// case moved between offices: where it went (read-only `here`, its former office), or
    /// where it came from. `here`: the office viewing it (nil at a hub).
    public static func banners(_ view: CaseView, here: String?) -> String {
        var html = ""
        if let others = view.values[DoubleApplication.field] {
            html += "<div class=\"warn\" id=\"double-application\"><strong>⚠ Давхар өргөдөл (double application)</strong>: ижил РД ижил үйлчилгээнд өөр албанд өргөдөл өгсөн (the same register number applied for the same service at): \(e(others))</div>"
        }
        guard view.wasTransferred else { return html }
        if let here, here != view.holder {
            html += "<div class=\"warn\" id=\"transferred\"><strong>Шилжсэн (transferred)</strong>: энэ хэрэг \(e(view.holder)) руу шилжсэн; энд зөвхөн харна (this case moved to \(e(view.holder)); read-only here)</div>"
        } else {
            html += "<div class=\"notice\" id=\"transferred\">Шилжиж ирсэн (transferred): \(e(view.path.joined(separator: " → "))); \(e(view.office)) нээсэн (opened at \(e(view.office)))</div>"
        }
        return html
    }

    public static func facts(_ view: CaseView, today: CivilDate, applicantLink: String?) -> String {
        let values = view.values
        let status = view.status ?? CaseFields.initialStatus
        let rd = values[CaseFields.registerNumber] ?? ""
        let name = e(values[CaseFields.name] ?? "")
        var body = "<div class=\"card\"><dl>"
        body += "<dt>Өргөдөл гаргагч (applicant)</dt><dd>\(applicantLink.map { "<a href=\"\($0)\(e(rd))\">\(name)</a>" } ?? name) \(e(rd))</dd>"
        body += "<dt>Төлөв (status)</dt><dd id=\"status\">\(e(WebText.status(status)))</dd>"
        if let applied = values[WorkflowFields.applicationDate] {
            body += "<dt>Өргөдөл өгсөн (application handed in)</dt><dd id=\"application-date\">\(e(applied))</dd>"
        }
        if let submitted = values[WorkflowFields.submittedOn] {
            body += "<dt>Илгээсэн (submitted)</dt><dd>\(e(submitted))</dd>"
        }
        if let clock = DecisionClock.shown(values) {
            let late = clock.decided == nil && clock.daysLeft(today: today) < 0
            body += "<dt>Шийдвэрлэх хугацаа (decision clock)</dt><dd id=\"decision-clock\"\(late ? " class=\"overdue\"" : "")>\(e(clock.text(today: today)))</dd>"
        }
        if let service = view.service.flatMap(Service.init(rawValue:)) {
            for field in ApplicationForm.fields(for: service) {
                guard let value = values[field.id] else { continue }
                let shown = field.kind == .flag ? (value == "yes" ? "тийм (yes)" : "үгүй (no)") : field.shown(value)
                body += "<dt>\(e(field.label.mongolian))</dt><dd>\(e(shown))</dd>"
            }
        }
        return body + "</dl></div>"
    }

    /// The decision card: "no decision yet", or the decision, decree, date, amount, reason and
    /// (for care) its legal ground.
    public static func decision(_ values: [String: String]) -> String {
        guard let decision = values[WorkflowFields.decision] else {
            return "<div class=\"card\" id=\"decision\"><strong>Шийдвэр (decision)</strong><p class=\"muted\">Шийдвэр ирээгүй байна (no decision yet)</p></div>"
        }
        var html = "<div class=\"card\" id=\"decision\"><strong>Шийдвэр (decision)</strong><dl>"
        html += "<dt>Шийдвэр</dt><dd><span class=\"badge \(decision == "approved" ? "ok" : "bad")\">\(e(WebText.status(decision)))</span></dd>"
        html += "<dt>Захирамжийн дугаар (decree)</dt><dd id=\"decree-number\">\(e(values[WorkflowFields.decreeNumber] ?? ""))</dd>"
        html += "<dt>Огноо (date)</dt><dd id=\"decree-date\">\(e(values[WorkflowFields.decreeDate] ?? ""))</dd>"
        if let amount = values[WorkflowFields.approvedAmount], let number = Int(amount) {
            html += "<dt>Олгох дүн (amount)</dt><dd>\(WebText.groupedDigits(number)) ₮</dd>"
        }
        if let reason = values[WorkflowFields.decisionReason] { html += "<dt>Үндэслэл (reason)</dt><dd>\(e(reason))</dd>" }
        html += decisionGround(values)
        return html + "</dl></div>"
    }

    /// The decision's legal ground, when the hub recorded one with the decision.
    static func decisionGround(_ values: [String: String]) -> String {
        guard let id = values[CareCategory.decisionField], !id.isEmpty else { return "" }
        let label = CareCategory.label(id)
        var html = "<dt>Хууль зүйн үндэслэл: хамрагдах иргэн (legal ground: care category)</dt><dd id=\"decision-care-category\">"
        html += label.map { "\(e($0.mongolian)) <span class=\"muted\">(\(e($0.english)))</span>" } ?? e(id)
        return html + "</dd>"
    }

    /// Both levels of complaint with their deadlines and answers (`#complaint-1`, `#complaint-2`),
    /// or that there is none: the soum's case page and the desk's show the same.
    public static func complaints(_ complaints: [Complaint], today: CivilDate) -> String {
        if complaints.isEmpty { return "<p class=\"muted\" id=\"no-complaints\">Гомдол гараагүй (no complaint)</p>" }
        var html = ""
        for complaint in complaints {
            let n = complaint.level.rawValue
            let overdue = complaint.isOverdue(today: today)
            html += "<dl id=\"complaint-\(n)\"><dt>\(e(complaint.level.mongolian)) <span class=\"muted\">(\(e(complaint.level.english)))</span></dt>"
            html += "<dd>\(e(complaint.text))</dd>"
            html += "<dt>Гаргасан (filed)</dt><dd>\(e(complaint.filed.iso)); хариулах хугацаа (due) \(e(complaint.due.iso))</dd>"
            html += "<dt>Хугацаа (deadline)</dt><dd id=\"complaint-\(n)-clock\"><span class=\"badge \(complaint.isAnswered ? "ok" : overdue ? "bad" : "")\">"
            html += "\(e(complaint.clockText(today: today)))</span></dd>"
            if let answer = complaint.answer, !answer.isEmpty {
                html += "<dt>Хариу (answer)</dt><dd id=\"complaint-\(n)-answer\">\(e(answer))</dd>"
            }
            html += "</dl>"
        }
        return html
    }

    /// Eligibility as the rules compute it from the case's facts (`Eligibility.check`), on
    /// the day the application was handed in (today when there is none): yes or no, and why.
    public static func eligibility(_ view: CaseView, today: CivilDate) -> String {
        guard let service = view.service.flatMap(Service.init(rawValue:)),
              let rd = view.values[CaseFields.registerNumber].flatMap({ try? RegisterNumber.parse($0) }) else { return "" }
        let day = view.values[WorkflowFields.applicationDate].flatMap(CivilDate.init(iso:)) ?? today
        let result = Eligibility.check(service, ApplicationForm.facts(rd, view.values), on: day)
        var html = "<div class=\"card\" id=\"eligibility\"><strong>Шалгуур (eligibility, from the recorded facts on \(day.iso))</strong> "
        html += result.eligible ? "<span class=\"badge ok\">хангаж байна (eligible)</span>" : "<span class=\"badge bad\">хангахгүй (not eligible)</span>"
        html += "<ul>" + result.reasons.map { "<li>\(e($0))</li>" }.joined() + "</ul></div>"
        return html
    }
}
