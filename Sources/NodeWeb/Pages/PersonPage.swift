import Foundation
import HalamjHTTP
import SyncModel
import WebAccess

/// `/people/<РД>`: the applicant and every case of theirs at this office.
enum PersonPage {
    static func get(_ request: WebRequest, registerNumber text: String, app: NodeWebApp) throws -> HTTPResponse? {
        guard let rd = try? RegisterNumber.parse(text) else { return nil }
        let cases = try Applicant.cases(of: rd, store: app.store, office: app.office)
        guard let person = try Applicant.find(rd, store: app.store, cases: cases) else { return nil }
        var body = "<h1>\(e(person.name)) <span class=\"muted\">\(e(rd.text))</span></h1><div class=\"card\"><dl>"
        body += "<dt>Төрсөн огноо (born)</dt><dd>\(e(rd.birthDate.iso)), \(rd.birthDate.age(on: request.context.today)) настай</dd>"
        body += "<dt>Хүйс (sex)</dt><dd>\(e(rd.sex.mongolian))</dd>"
        for (field, label) in [("phone", "Утас (phone)"), ("address", "Хаяг (address)")] {
            if let value = person.details[field] { body += "<dt>\(label)</dt><dd>\(e(value))</dd>" }
        }
        if !person.isRegistered {
            body += "<dt>Бүртгэл (record)</dt><dd class=\"muted\">Зөвхөн өргөдлөөр мэдэгдэж буй иргэн (known from applications only)</dd>"
        }
        body += "</dl></div>"
        body += "<p class=\"no-print\"><a class=\"button\" id=\"new-application\" href=\"/people/\(e(rd.text))/apply\">+ Шинэ өргөдөл (new application)</a></p>"
        body += "<h2>Өргөдлүүд (applications)</h2>"
        if cases.isEmpty {
            body += "<p class=\"muted\">Өргөдөл алга (no applications yet)</p>"
        } else {
            body += "<table id=\"cases\"><tr><th>Дугаар (number)</th><th>Үйлчилгээ (service)</th><th>Төлөв (status)</th><th>Шийдвэр (decree)</th></tr>"
            for view in cases {
                let decree = WebText.isCare(view.service) ? WebText.confidential
                    : view.values[WorkflowFields.decreeNumber].map { "№\($0), \(view.values[WorkflowFields.decreeDate] ?? "")" } ?? ""
                body += "<tr><td><a href=\"/cases/\(e(view.number))\">\(e(view.number))</a></td><td>\(e(WebText.service(view.service)))</td>"
                body += "<td>\(e(WebText.status(view.status)))</td><td>\(e(decree))</td></tr>"
            }
            body += "</table>"
        }
        return WebResponse.html(Layout.page(person.name, context: request.context, active: .search, body: body))
    }
}
