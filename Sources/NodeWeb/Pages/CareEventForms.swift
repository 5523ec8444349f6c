import Foundation
import HalamjHTTP
import ReplicaStorage
import CaseBooks
import SyncModel
import WebAccess

/// The part of a care case's page where the soum records what is its own to record
/// after placement: the handover of the person and their file, the three-party
/// contract and the reintegration plan (`POST /cases/<number>/care`, the kind in the
/// form), as `halamj-node case handover|contract|plan` does. The district records the
/// rest; everything goes to it with the next sync.
enum CareEventForms {
    /// What the soum records here, in the order the forms are shown.
    static let kinds: [CareEventKind] = [.handover, .contract, .plan]

    /// A refused form: its kind (nil when the form named none of ours), why, and what
    /// was typed, shown again so nothing has to be typed twice.
    struct Refusal: Sendable {
        let kind: CareEventKind?
        let message: String
        let values: [String: String]
    }

    /// The forms a case in `status` takes: all three while placed, the plan also once
    /// discharged (CaseBook refuses the rest, and says so).
    static func offered(status: String) -> [CareEventKind] {
        switch status {
        case "placed": kinds
        case "discharged": [.plan]
        default: []
        }
    }

    static func render(_ context: PageContext, view: CaseView, refusal: Refusal?) -> String {
        let care = WebText.isCare(view.service)
        let forms = care ? offered(status: view.status ?? CaseFields.initialStatus) : []
        guard !forms.isEmpty || refusal != nil else { return "" }
        var html = "<h2 id=\"care-record\" class=\"no-print\">Асрамжийн түүхэд бүртгэх (record after placement)</h2>"
        // A refusal whose form is not on the page (the case is not placed) is shown here.
        if let refusal, refusal.kind.map(forms.contains) != true {
            html += "<div class=\"error\" id=\"care-record-error\" role=\"alert\">\(e(refusal.message)) — \(nothingSaved)</div>"
        }
        if forms.isEmpty {
            return care ? html + "<p class=\"muted\">Асрамжид байршуулсны дараа бүртгэнэ (recorded once the person is placed at a facility)</p>" : html
        }
        html += "<p class=\"muted no-print\">Дараагийн солилцоогоор аймаг, дүүрэгт очно (goes to the district with the next sync)</p>"
        html += "<div class=\"grid\">"
        for kind in forms {
            let failed = refusal?.kind == kind ? refusal : nil
            html += form(kind, context: context, number: view.number, values: failed?.values ?? [:], error: failed?.message)
        }
        return html + "</div>"
    }

    static let nothingSaved = "Юу ч хадгалагдаагүй (nothing was saved)"

    private static func form(_ kind: CareEventKind, context: PageContext, number: String, values: [String: String], error: String?) -> String {
        let id = "care-\(kind.rawValue)"
        var html = "<form method=\"post\" action=\"/cases/\(e(number))/care\" id=\"\(id)-form\" class=\"card no-print\">"
        html += PageFrame.csrfField(context.csrf) + "<input type=\"hidden\" name=\"kind\" value=\"\(kind.rawValue)\">"
        html += "<strong>\(e(kind.label.description))</strong>"
        if let error { html += "<div class=\"error\" id=\"\(id)-error\" role=\"alert\">\(e(error)) — \(nothingSaved)</div>" }
        func text(_ name: String, _ label: String, required: Bool = true) -> String {
            let fieldID = "\(id)-\(name.replacingOccurrences(of: "_", with: "-"))"
            return "<label for=\"\(fieldID)\">\(e(label))</label><input type=\"text\" id=\"\(fieldID)\" name=\"\(name)\" value=\"\(e(values[name] ?? ""))\"\(required ? " required" : "")>"
        }
        switch kind {
        case .handover:
            html += text("by", "Хүлээлгэн өгсөн (handed over by)")
            html += text("received_by", "Хүлээн авсан (received by: the facility's social worker and health worker)")
            let withFile = values["with_file"] != "no"
            html += "<label class=\"check\"><input type=\"radio\" name=\"with_file\" value=\"yes\" id=\"\(id)-with-file\"\(withFile ? " checked" : "")>"
            html += " <span>Хувийн хэргийн хамт (with the personal file)</span></label>"
            html += "<label class=\"check\"><input type=\"radio\" name=\"with_file\" value=\"no\" id=\"\(id)-without-file\"\(withFile ? "" : " checked")>"
            html += " <span>Хувийн хэрэггүй (without the personal file)</span></label>"
            let date = values["date"] ?? context.today.iso
            html += "<label for=\"\(id)-date\">Огноо (date)</label>"
            html += "<input type=\"date\" id=\"\(id)-date\" name=\"date\" value=\"\(e(date))\" max=\"\(context.today.iso)\" required>"
        case .contract:
            html += text("number", "Гэрээний дугаар (the contract's number)")
            html += text("resident_side", "Асруулагч, асран хамгаалагч (resident or guardian)", required: false)
        case .plan:
            html += "<label for=\"\(id)-text\">\(e(CareEventKind.plan.label.description))</label>"
            html += "<textarea name=\"text\" id=\"\(id)-text\" rows=\"4\" required>\(e(values["text"] ?? ""))</textarea>"
        default:
            break
        }
        return html + "<p><button type=\"submit\" id=\"record-\(kind.rawValue)\">Бүртгэх (record)</button></p></form>"
    }

    static func post(_ request: WebRequest, number: String, app: NodeWebApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), view.concerns(app.office) else { return nil }
        if let moved = try CasePage.movedAway(request, view: view, app: app) { return moved }
        let form = request.form
        var values = form.dictionary
        values["_csrf"] = nil
        func refuse(_ kind: CareEventKind?, _ message: String, status: Int = 422) throws -> HTTPResponse {
            try CasePage.page(request, view: view, app: app, notice: nil, error: nil, status: status,
                              careRefusal: Refusal(kind: kind, message: message, values: values))
        }
        guard let kind = form["kind"].flatMap(CareEventKind.init(rawValue:)), kinds.contains(kind) else {
            return try refuse(nil, "Сум, хороо хүлээлгэн өгөх, гэрээ, төлөвлөгөөг бүртгэнэ; бусдыг аймаг, дүүрэг (the soum records the handover, contract and plan; the district the rest)")
        }
        func field(_ name: String) -> String { (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let fact: CareFact = switch kind {
        case .handover: .handover(handedOverBy: field("by"), receivedBy: field("received_by"), withFile: form["with_file"] != "no")
        case .contract: .contract(number: field("number"), residentSide: field("resident_side"))
        default: .plan(text: field("text"))
        }
        var date: CivilDate?
        if !field("date").isEmpty {
            guard let parsed = CivilDate(iso: field("date")) else {
                return try refuse(kind, "Огноог ОООО-СС-ӨӨ хэлбэрээр бичнэ үү (the date is YYYY-MM-DD, a real day)")
            }
            date = parsed
        }
        do {
            try book.record(number, fact, date: date, now: request.context.now)
        } catch CaseError.invalidValue(_, let reason) {
            return try refuse(kind, reason)
        } catch let error as CaseError {
            return try refuse(kind, error.description)
        } catch let error as WriteBeyondCounter {
            return try refuse(kind, "Хэрэг эвдэрсэн байна (the case's copy is damaged): \(error)", status: 409)
        }
        return WebResponse.redirect("/cases/\(number)?saved=1#care-history")
    }
}
