import Foundation
import HalamjHTTP
import CaseBooks
import SyncModel
import WebAccess

/// `/people/<РД>/apply`: first the service, then only that service's facts, with
/// eligibility and the amount from the table shown as the worker types (the page's
/// script asks `/check`; without it, the "Шалгах" button re-renders the same).
/// An applicant who looks ineligible can still apply: the governor decides, and the
/// reasons are on the page for the worker to explain.
enum ApplicationWizard {
    static func get(_ request: WebRequest, registerNumber text: String, app: NodeWebApp) throws -> HTTPResponse? {
        guard let (rd, person) = try applicant(text, app: app) else { return nil }
        guard let raw = request.query["service"] else {
            return WebResponse.html(chooseService(request.context, rd: rd, name: person.name))
        }
        guard let service = Service(rawValue: raw) else { return nil }
        let (values, errors) = ApplicationForm.validate(service, request.query.dictionary)
        return WebResponse.html(render(request.context, rd: rd, name: person.name, service: service,
                                       entered: request.query.dictionary, values: values, errors: request.query["check"] == nil ? [:] : errors))
    }

    static func post(_ request: WebRequest, registerNumber text: String, app: NodeWebApp) throws -> HTTPResponse? {
        guard let (rd, person) = try applicant(text, app: app) else { return nil }
        guard let service = request.form["service"].flatMap(Service.init(rawValue:)) else {
            return WebResponse.html(chooseService(request.context, rd: rd, name: person.name), status: 422)
        }
        let entered = request.form.dictionary
        let (values, errors) = ApplicationForm.validate(service, entered)
        guard errors.isEmpty, request.form["check"] == nil else {
            return WebResponse.html(render(request.context, rd: rd, name: person.name, service: service,
                                           entered: entered, values: values, errors: errors), status: errors.isEmpty ? 200 : 422)
        }
        // The day the citizen handed the papers in: today unless the worker says otherwise.
        var fields = values
        let applied = (entered[WorkflowFields.applicationDate] ?? "").trimmingCharacters(in: .whitespaces)
        fields[WorkflowFields.applicationDate] = applied.isEmpty ? request.context.today.iso : applied
        do {
            let view = try CaseBook(store: app.store).open(service: service, registerNumber: rd, name: person.name, fields: fields,
                                                           now: request.context.now)
            return WebResponse.redirect("/cases/\(view.number)")
        } catch CaseError.invalidValue(let field, let reason) where field == WorkflowFields.applicationDate {
            return WebResponse.html(render(request.context, rd: rd, name: person.name, service: service,
                                           entered: entered, values: values, errors: [field: reason]), status: 422)
        }
    }

    /// `/check?service=…&rd=…&<facts>`: the eligibility box and amount as JSON.
    static func check(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        guard let service = request.query["service"].flatMap(Service.init(rawValue:)),
              let rd = try? RegisterNumber.parse(request.query["rd"] ?? "") else {
            return WebResponse.json(ErrorBody(error: "bad-request", message: "service and rd are required"), status: 400)
        }
        let (values, _) = ApplicationForm.validate(service, request.query.dictionary)
        let verdict = Verdict(service: service, rd: rd, values: values, today: request.context.today)
        return WebResponse.json(CheckAnswer(
            eligible: verdict.result.eligible, headline: verdict.headline, reasons: verdict.result.reasons, amount: verdict.amount))
    }

    /// What `/check` answers; the page's script fills the eligibility box from it.
    struct CheckAnswer: Encodable {
        let eligible: Bool
        let headline: String
        let reasons: [String]
        let amount: String
    }

    /// What the rules say about the facts entered so far.
    struct Verdict {
        let result: EligibilityResult
        let amount: String

        init(service: Service, rd: RegisterNumber, values: [String: String], today: CivilDate) {
            let facts = ApplicationForm.facts(rd, values)
            result = Eligibility.check(service, facts, on: today)
            amount = WebText.amount(Amounts.rule(for: service, facts: facts, on: today))
        }

        var headline: String {
            result.eligible ? "Шаардлага хангаж байна (eligible)" : "Шаардлага хангахгүй байна (not eligible as entered)"
        }
    }

    private static func applicant(_ text: String, app: NodeWebApp) throws -> (RegisterNumber, Applicant)? {
        guard let rd = try? RegisterNumber.parse(text), let person = try Applicant.find(
            rd, store: app.store, cases: try Applicant.cases(of: rd, store: app.store, office: app.office)) else {
            return nil
        }
        return (rd, person)
    }

    static func chooseService(_ context: PageContext, rd: RegisterNumber, name: String) -> String {
        var body = "<h1>Шинэ өргөдөл <span class=\"muted\">(new application)</span>: \(e(name)) \(e(rd.text))</h1>"
        body += "<div class=\"card services\" id=\"services\"><p>Үйлчилгээ сонгоно уу (choose the service):</p>"
        for service in Service.allCases {
            body += "<a href=\"/people/\(e(rd.text))/apply?service=\(service.rawValue)\" data-service=\"\(service.rawValue)\">\(e(service.mongolianName))"
            body += " <span class=\"muted\">(\(e(service.englishName)))</span></a>"
        }
        body += "</div>"
        return Layout.page("Шинэ өргөдөл", context: context, active: .search, body: body)
    }

    static func render(
        _ context: PageContext, rd: RegisterNumber, name: String, service: Service,
        entered: [String: String], values: [String: String], errors: [String: String]
    ) -> String {
        let verdict = Verdict(service: service, rd: rd, values: values, today: context.today)
        var body = "<h1>\(e(service.mongolianName)) <span class=\"muted\">(\(e(service.englishName)))</span></h1>"
        body += "<p>\(e(name)) · \(e(rd.text)) · <a href=\"/people/\(e(rd.text))/apply\">өөр үйлчилгээ (another service)</a></p>"
        if !errors.isEmpty {
            body += FormField.errorSummary
        }
        body += "<div class=\"grid\"><form method=\"post\" action=\"/people/\(e(rd.text))/apply\" class=\"card\" id=\"application-form\" data-check>"
        body += PageFrame.csrfField(context.csrf)
        body += "<input type=\"hidden\" name=\"service\" value=\"\(service.rawValue)\"><input type=\"hidden\" name=\"rd\" value=\"\(e(rd.text))\">"
        var dated = entered
        if (dated[WorkflowFields.applicationDate] ?? "").isEmpty { dated[WorkflowFields.applicationDate] = context.today.iso }
        body += FormField.text(WorkflowFields.applicationDate, "Өргөдөл өгсөн өдөр (day the application was handed in, YYYY-MM-DD)",
                               values: dated, errors: errors)
        let fields = ApplicationForm.fields(for: service)
        if fields.isEmpty {
            body += "<p class=\"muted\">Энэ үйлчилгээнд нас, хүйсээс өөр мэдээлэл шаардахгүй (this service needs only age and sex, from the register number).</p>"
        }
        for field in fields {
            switch field.kind {
            case .flag:
                body += FormField.checkbox(field.id, field.label.description, checked: values[field.id] == "yes")
            case .number, .dates:
                body += FormField.text(field.id, field.label.description, values: entered, errors: errors)
                case .choice(let options):
                body += FormField.choice(field.id, field.label.description, options: options, chosen: entered[field.id], errors: errors)
            }
        }
        body += """
            <p><button type="submit" id="create-application">Өргөдөл үүсгэх (create application)</button>
            <button type="submit" name="check" value="1" class="secondary no-print">Шалгах (check)</button></p></form>
            <div><div id="eligibility" class="\(verdict.result.eligible ? "notice" : "warn")"><strong>\(e(verdict.headline))</strong><ul>
            """
        for reason in verdict.result.reasons { body += "<li>\(e(reason))</li>" }
        body += "</ul></div><div class=\"card\"><strong>Олгох хэмжээ (amount)</strong><p id=\"amount\">\(e(verdict.amount))</p></div>"
        body += "<div class=\"card\"><strong>Бүрдүүлэх баримт (documents to collect)</strong><ol>"
        for document in Checklists.documents(for: service) {
            body += "<li>\(e(document.mongolian))\(document.stage == .district ? " <span class=\"muted\">(аймаг, дүүрэг бүрдүүлнэ — added by the district)</span>" : "")</li>"
        }
        body += "</ol></div></div></div>"
        return Layout.page(service.mongolianName, context: context, active: .search, body: body)
    }
}
