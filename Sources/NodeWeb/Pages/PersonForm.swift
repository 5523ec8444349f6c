import Foundation
import HalamjHTTP
import CaseBooks
import SyncModel
import WebAccess

/// `/people/new`: registers an applicant. A wrong register number is shown next to
/// its field with every entered value kept; nothing is saved until all is right.
enum PersonForm {
    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        WebResponse.html(render(request.context, values: [:], errors: [:]))
    }

    static func post(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let values = request.form.dictionary.mapValues { $0.trimmingCharacters(in: .whitespaces) }
        var errors: [String: String] = [:]
        var rd: RegisterNumber?
        do {
            rd = try RegisterNumber.parse(values["rd"] ?? "", bornBy: request.context.today)
        } catch {
            errors["rd"] = WebText.registerNumberProblem(error)
        }
        let name = values["name"] ?? ""
        if name.isEmpty { errors["name"] = "Овог нэрээ оруулна уу (enter the name)" }
        if name.count > 200 { errors["name"] = "Нэр хэт урт (the name is too long)" }
        for field in ["phone", "address"] where (values[field]?.count ?? 0) > 500 {
            errors[field] = "Хэт урт (too long)"
        }
        guard errors.isEmpty, let rd else {
            return WebResponse.html(render(request.context, values: values, errors: errors), status: 422)
        }
        var extra: [String: String] = [:]
        for field in ["phone", "address"] { if let value = values[field], !value.isEmpty { extra[field] = value } }
        do {
            _ = try PersonBook(store: app.store).add(rd, name: name, fields: extra, now: request.context.now)
        } catch PersonBook.PersonError.exists(_, let existing) {
            errors["rd"] = "Энэ регистрийн дугаартай иргэн бүртгэлтэй байна: \(existing) (already registered)"
            return WebResponse.html(render(request.context, values: values, errors: errors), status: 409)
        }
        return WebResponse.redirect("/people/\(rd.text)")
    }

    static func render(_ context: PageContext, values: [String: String], errors: [String: String]) -> String {
        var body = "<h1>Шинэ иргэн бүртгэх <span class=\"muted\">(register an applicant)</span></h1>"
        if !errors.isEmpty {
            body += FormField.errorSummary
        }
        body += "<form method=\"post\" action=\"/people\" class=\"card\" id=\"person-form\">\(PageFrame.csrfField(context.csrf))"
        body += FormField.text("rd", "Регистрийн дугаар (register number)", values: values, errors: errors, hint: "жишээ нь УБ99031212")
        body += FormField.text("name", "Овог нэр (name)", values: values, errors: errors)
        body += FormField.text("phone", "Утас (phone)", values: values, errors: errors)
        body += FormField.text("address", "Хаяг (address)", values: values, errors: errors)
        body += "<p><button type=\"submit\" id=\"save-person\">Бүртгэх (register)</button></p></form>"
        return Layout.page("Шинэ иргэн", context: context, active: .search, body: body)
    }
}

/// Labelled inputs with their error shown beside them.
enum FormField {
    /// Above a form sent back with errors.
    static let errorSummary = "<div class=\"error\" id=\"form-error\">Маягтад алдаа байна, доор засна уу. Юу ч хадгалагдаагүй. (The form has errors, see below; nothing was saved.)</div>"

    static func text(_ name: String, _ label: String, values: [String: String], errors: [String: String], hint: String? = nil) -> String {
        let invalid = errors[name] != nil
        var html = "<label for=\"\(name)\">\(e(label))</label>"
        html += "<input type=\"text\" id=\"\(name)\" name=\"\(name)\" value=\"\(e(values[name] ?? ""))\""
        if invalid { html += " class=\"invalid\" aria-invalid=\"true\" aria-describedby=\"\(name)-error\"" }
        if let hint { html += " placeholder=\"\(e(hint))\"" }
        html += ">"
        if let error = errors[name] { html += "<div class=\"field-error\" id=\"\(name)-error\">\(e(error))</div>" }
        return html
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool, id: String? = nil, value: String = "yes") -> String {
        let id = id ?? name
        return "<label class=\"check\"><input type=\"checkbox\" id=\"\(e(id))\" name=\"\(e(name))\" value=\"\(e(value))\"\(checked ? " checked" : "")> <span>\(e(label))</span></label>"
    }
}
