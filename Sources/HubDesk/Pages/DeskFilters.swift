import HubServer
import SyncModel
import WebAccess

/// The office and service a queue page shows, as a GET form (so a filtered queue is a link);
/// `extra` is a page's own field (the undelivered queue's days).
enum DeskFilters {
    static func form(_ filter: DeskQueues.Filter, path: String, app: DeskApp, extra: String = "") throws -> String {
        var form = "<form method=\"get\" action=\"\(DeskApp.root)\(path)\" class=\"no-print inline\" id=\"filter\">"
        form += "<div><label for=\"office\">Алба (office)</label><select id=\"office\" name=\"office\"><option value=\"\">бүгд (all)</option>"
        for office in try OfficeRegistry(store: app.store).list() {
            form += "<option value=\"\(e(office.id))\"\(office.id == filter.office ? " selected" : "")>\(e(office.id))</option>"
        }
        form += "</select></div><div><label for=\"service\">Үйлчилгээ (service)</label><select id=\"service\" name=\"service\"><option value=\"\">бүгд (all)</option>"
        for service in Service.allCases {
            form += "<option value=\"\(service.rawValue)\"\(service.rawValue == filter.service ? " selected" : "")>\(e(service.mongolianName))</option>"
        }
        return form + "</select></div>" + (extra.isEmpty ? "" : "<div>\(extra)</div>") + "<p><button type=\"submit\">Шүүх (filter)</button></p></form>"
    }

    /// ", the oldest 200 shown" when a queue has more rows than a page shows.
    static func shownOf(_ count: Int) -> String {
        count > DeskQueues.pageRows ? "; эхний \(DeskQueues.pageRows) (the oldest \(DeskQueues.pageRows) shown; filter by office or service)" : ""
    }

    /// Days left of a 30-day deadline as a queue shows them: late in red.
    static func daysLeft(_ left: Int) -> String {
        left < 0 ? "<span class=\"overdue\">\(-left) хоног хэтэрсэн (days late)</span>" : "\(left)"
    }

    /// The office and service the page's query asks for.
    static func filter(_ request: DeskRequest) -> DeskQueues.Filter {
        DeskQueues.Filter(office: nonEmpty(request.query["office"]), service: nonEmpty(request.query["service"]))
    }

    /// A query value, nil when empty ("all").
    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// A form's `back`: a path of the desk to return to (never another site's), without its query.
    static func back(_ form: FormData) -> String? {
        guard let back = form["back"], back.hasPrefix("/"), !back.hasPrefix("//") else { return nil }
        return String(back.split(separator: "?", maxSplits: 1).first ?? "")
    }
}
