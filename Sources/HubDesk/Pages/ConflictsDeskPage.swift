import CaseBooks
import HalamjHTTP
import HubServer
import SyncModel
import WebAccess

/// `/desk/conflicts`: the conflicts waiting for a person, oldest first, each value with who
/// wrote it and when; an officer keeps one value or types another (the same
/// `ConflictReview` as `halamj-hub conflicts resolve`), and every replica has it after its
/// next sync. A care case's values are not shown in the list: its page shows them (to
/// officers and administrators, access-logged) with the same form.
enum ConflictsDeskPage {
    static func get(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let filter = DeskFilters.filter(request)
        let conflicts = try DeskQueues(store: app.store, today: request.today).conflicts(filter)
        var body = "<h1>Хүний шийдвэр хүлээж буй зөрчил <span class=\"muted\">(conflicts waiting for a person)</span></h1>"
        if let resolved = request.query["resolved"] { body += "<div class=\"notice\" id=\"notice\">\(e(resolved)): шийдвэрлэсэн (resolved)</div>" }
        if let error = request.query["error"] { body += "<div class=\"error\" id=\"conflict-error\">\(e(error))</div>" }
        body += try DeskFilters.form(filter, path: "/conflicts", app: app)
        body += "<p class=\"muted\" id=\"count\">\(conflicts.count) зөрчил (conflicts)\(DeskFilters.shownOf(conflicts.count))</p>"
        body += "<table id=\"conflicts\"><tr><th>Хэрэг (case)</th><th>Алба (office)</th><th>Талбар (field)</th><th>Утгууд (values)</th><th>Хэзээнээс (since)</th></tr>"
        let careCases = try careNumbers(Array(conflicts.prefix(DeskQueues.pageRows)), app: app)
        for conflict in conflicts.prefix(DeskQueues.pageRows) {
            let hidden = careCases.contains(conflict.record)
            body += "<tr data-conflict=\"\(e(conflict.id))\"><td><a href=\"\(DeskApp.root)/cases/\(e(conflict.record))\">\(e(conflict.record))</a></td>"
            body += "<td>\(e(conflict.office))</td><td>\(e(conflict.field))</td><td>"
            if hidden {
                body += "<span class=\"muted\">\(WebText.confidential)</span>"
            } else {
                body += values(conflict) + (request.role.acts ? form(conflict, csrf: request.csrf, back: "/conflicts") : "")
            }
            body += "</td><td>\(e(HumanTime.iso(millis: conflict.since)))</td></tr>"
        }
        body += "</table>"
        return WebResponse.html(DeskLayout.page("Зөрчил", request: request, active: .conflicts, body: body))
    }

    /// Every value, the current one marked.
    static func values(_ conflict: Conflict) -> String {
        "<ul class=\"plain\">" + conflict.values.map { value in
            "<li>«\(e(value.value))» — \(e(value.replica)), \(e(HumanTime.iso(millis: value.wallMillis)))\(value.isCurrent ? " <span class=\"badge\">одоо (now)</span>" : "")</li>"
        }.joined() + "</ul>"
    }

    /// Keep one writer's value, or type one (a deletion: keep it deleted or restore it).
    static func form(_ conflict: Conflict, csrf: String, back: String) -> String {
        var html = "<form method=\"post\" action=\"\(DeskApp.root)/conflicts/\(e(conflict.id))/resolve\" class=\"no-print resolve\">\(PageFrame.csrfField(csrf))"
        html += "<input type=\"hidden\" name=\"back\" value=\"\(e(back))\">"
        if conflict.kind == .deletion {
            html += "<label class=\"check\"><input type=\"radio\" name=\"keep\" value=\"winner\" required> Устгасан хэвээр (keep it deleted)</label>"
            html += "<label class=\"check\"><input type=\"radio\" name=\"keep\" value=\"other\"> Сэргээх (restore it)</label>"
        } else {
            for writer in Set(conflict.values.map(\.replica)).sorted() {
                html += "<label class=\"check\"><input type=\"radio\" name=\"keep\" value=\"\(e(writer))\" required> \(e(writer))-ийн утга (keep \(e(writer))'s value)</label>"
            }
            html += "<label class=\"check\"><input type=\"radio\" name=\"keep\" value=\"typed\"> Шинэ утга (type one): <input type=\"text\" name=\"value\" aria-label=\"шинэ утга (new value)\"></label>"
        }
        return html + "<button type=\"submit\" class=\"resolve\">Шийдвэрлэх (resolve)</button></form>"
    }

    /// `POST /desk/conflicts/<id>/resolve` (officers and administrators).
    static func resolve(_ request: DeskRequest, id: String, app: DeskApp) throws -> HTTPResponse {
        let keep = request.form["keep"] ?? ""
        let back = DeskFilters.back(request.form) ?? "/conflicts"
        let choice: ConflictReview.Choice
        switch keep {
        case "winner": choice = .winner
        case "other": choice = .other
        case "typed": choice = .value(request.form["value"] ?? "")
        case "": return redirect(back, ("error", "\(id): утгаа сонгоно уу (choose a value to keep)"))
        default: choice = .writtenBy(keep)
        }
        do {
            _ = try ConflictReview(store: app.store).resolve(id, choice, by: "desk:\(request.user)", now: request.now)
        } catch let error as ConflictReview.ReviewError {
            return redirect(back, ("error", error.description))
        }
        return redirect(back, ("resolved", id))
    }

    private static func redirect(_ back: String, _ field: (String, String)) -> HTTPResponse {
        WebResponse.redirect(DeskApp.root + back + "?" + FormData.encode([field]))
    }

    private static func careNumbers(_ conflicts: [Conflict], app: DeskApp) throws -> Set<String> {
        var care: Set<String> = []
        for number in Set(conflicts.map(\.record)) {
            if let view = try? CaseBook(store: app.store).show(number), WebText.isCare(view.service) { care.insert(number) }
        }
        return care
    }
}
