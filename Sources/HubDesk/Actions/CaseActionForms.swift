import CaseBooks
import SyncModel
import WebAccess

/// The forms a case page offers for the case's state, to a role that may use them (officers
/// and administrators; `DeskRoutes` refuses the routes to a reviewer anyway): receive and
/// decide while it waits, pay an approved cash benefit's next period, place an approved care
/// case, discharge a placed resident. Amounts and periods come pre-filled from the amounts
/// table and the payments already recorded.
enum CaseActionForms {
    static func html(_ request: DeskRequest, view: CaseView) -> String {
        let status = view.status ?? CaseFields.initialStatus
        let service = view.service.flatMap(Service.init(rawValue:))
        var forms = ""
        if status == "submitted" || status == "received" {
            forms += decide(request, view: view, service: service, receive: status == "submitted")
        }
        if let schedule = PaymentSchedule(values: view.values), schedule.isPayable, let next = schedule.nextDue {
            forms += pay(request, view: view, schedule: schedule, next: next)
        }
        if let service, CaseTransitions.isCare(service) {
            if status == "approved" { forms += place(request, view: view) }
            if status == "placed" { forms += discharge(request, view: view) }
        }
        return forms.isEmpty ? "" : "<div class=\"card no-print\" id=\"actions\">" + forms + "</div>"
    }

    private static func open(_ request: DeskRequest, _ view: CaseView, _ action: String, id: String, title: String) -> String {
        "<form method=\"post\" action=\"\(DeskApp.root)/cases/\(e(view.number))/\(action)\" id=\"\(id)\">\(PageFrame.csrfField(request.csrf))<h2>\(title)</h2>"
    }

    private static func dateField(_ request: DeskRequest, label: String) -> String {
        "<label for=\"date\">\(label)</label><input type=\"date\" id=\"date\" name=\"date\" value=\"\(request.today.iso)\" max=\"\(request.today.iso)\">"
    }

    private static func decide(_ request: DeskRequest, view: CaseView, service: Service?, receive: Bool) -> String {
        var html = ""
        if receive {
            html += "<form method=\"post\" action=\"\(DeskApp.root)/cases/\(e(view.number))/receive\">\(PageFrame.csrfField(request.csrf))"
            html += "<button type=\"submit\" class=\"receive\">Хүлээн авах (receive)</button></form>"
        }
        let facts = view.values[CaseFields.registerNumber].flatMap { try? RegisterNumber.parse($0) }.map { ApplicationForm.facts($0, view.values) }
        let rule = service.flatMap { Amounts.rule(for: $0, facts: facts, on: request.today) }
        html += open(request, view, "decide", id: "decide", title: "Шийдвэр бүртгэх (record the governor's decree)")
        html += "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"approve\" id=\"approve\"> Олгох (approve)</label>"
        html += "<label class=\"check\"><input type=\"radio\" name=\"decision\" value=\"reject\" id=\"reject\"> Татгалзах (reject)</label>"
        html += "<label for=\"decree\">Захирамжийн дугаар (decree number)</label><input type=\"text\" id=\"decree\" name=\"decree\" required>"
        html += "<label for=\"date\">Огноо (date)</label><input type=\"date\" id=\"date\" name=\"date\" value=\"\(request.today.iso)\" required>"
        html += "<label for=\"amount\">Дүн, ₮ (amount; approvals)</label><input type=\"number\" id=\"amount\" name=\"amount\" min=\"0\" value=\"\(rule.map { String($0.amount) } ?? "")\">"
        html += "<p class=\"muted\" id=\"amount-rule\">\(e(WebText.amount(rule)))</p>"
        let district = Checklists.documents(for: service ?? .elderlyAgeGift).filter { $0.stage == .district && $0.id != Checklists.governorDecree }
        if service != nil, !district.isEmpty {
            html += "<p><strong>Аймаг, дүүргийн бүрдүүлэх баримт (the district's documents)</strong></p>"
            for document in district {
                html += "<label class=\"check\"><input type=\"checkbox\" name=\"received\" value=\"\(e(document.id))\" id=\"received-\(e(document.id))\"> \(e(document.mongolian)) (\(e(document.english)))</label>"
            }
        }
        html += "<label for=\"reason\">Үндэслэл (reason; expected with a rejection)</label><textarea id=\"reason\" name=\"reason\" rows=\"2\"></textarea>"
        return html + "<p><button type=\"submit\" id=\"record-decision\">Шийдвэр бүртгэх (record the decision)</button></p></form>"
    }

    private static func pay(_ request: DeskRequest, view: CaseView, schedule: PaymentSchedule, next: PaymentPeriod) -> String {
        var html = open(request, view, "pay", id: "pay", title: "Олголт бүртгэх (record a payment)")
        let paid = schedule.payments.map(\.period)
        html += "<p class=\"muted\" id=\"paid-periods\">Олгосон (paid): \(paid.isEmpty ? "—" : e(paid.joined(separator: ", ")))</p>"
        html += "<label for=\"period\">Үе (period)</label><input type=\"text\" id=\"period\" name=\"period\" value=\"\(e(next.text))\">"
        let amount = schedule.tableAmount(for: next).map(String.init) ?? ""
        html += "<label for=\"pay-amount\">Дүн, ₮ (amount)</label><input type=\"number\" id=\"pay-amount\" name=\"amount\" min=\"0\" value=\"\(amount)\">"
        html += dateField(request, label: "Олгосон өдөр (day paid)")
        return html + "<p><button type=\"submit\" id=\"record-payment\">Олголт бүртгэх (mark paid)</button></p></form>"
    }

    private static func place(_ request: DeskRequest, view: CaseView) -> String {
        var html = open(request, view, "place", id: "place", title: "Асрамжийн газарт байршуулах (place at a facility)")
        html += "<label for=\"facility\">Асрамжийн газар (facility)</label><input type=\"text\" id=\"facility\" name=\"facility\" required>"
        html += dateField(request, label: "Байршуулсан өдөр (day placed)")
        return html + "<p><button type=\"submit\" id=\"record-placement\">Байршуулах (mark placed)</button></p></form>"
    }

    private static func discharge(_ request: DeskRequest, view: CaseView) -> String {
        var html = open(request, view, "discharge", id: "discharge", title: "Асрамжаас гаргах (discharge)")
        html += "<label for=\"way\">Гарах үндэслэл (discharge reason)</label><select id=\"way\" name=\"way\" required><option value=\"\"></option>"
        for way in CareLabels.leavingWays { html += "<option value=\"\(e(way.id))\">\(e(way.mongolian)) (\(e(way.english)))</option>" }
        html += "</select><label for=\"ground\">Зөрчил (the breach; with the director's order only)</label><select id=\"ground\" name=\"ground\"><option value=\"\"></option>"
        for ground in CareLabels.disciplinaryGrounds { html += "<option value=\"\(e(ground.id))\">\(e(ground.mongolian)) (\(e(ground.english)))</option>" }
        html += "</select>"
        html += "<label for=\"clothes\">\(e(CareLabels.leavingClothes.mongolian)), ₮ (\(e(CareLabels.leavingClothes.english)))</label><input type=\"number\" id=\"clothes\" name=\"clothes\" min=\"0\">"
        html += "<label for=\"travel\">\(e(CareLabels.leavingTravel.mongolian)), ₮ (\(e(CareLabels.leavingTravel.english)))</label><input type=\"number\" id=\"travel\" name=\"travel\" min=\"0\">"
        html += "<label for=\"note\">Тэмдэглэл (note)</label><textarea id=\"note\" name=\"note\" rows=\"2\"></textarea>"
        html += dateField(request, label: "Гарсан өдөр (day left)")
        return html + "<p><button type=\"submit\" id=\"record-discharge\">Асрамжаас гаргах (mark discharged)</button></p></form>"
    }
}
