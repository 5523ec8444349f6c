import CaseBooks
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// `/desk/complaints`: every complaint the district answers that waits for its answer
/// (level 2, and level 1 once the case has left the soum), the oldest deadline first, with
/// the days left of its 30 (late in red), filtered by office and service. A care case's
/// complaint text is not shown in the list. An officer answers from here; a reviewer reads.
enum ComplaintsPage {
    static func get(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let filter = DeskFilters.filter(request)
        let items = try DeskQueues(store: app.store, today: request.today).complaints(filter)
        var body = "<h1>Хариу хүлээж буй гомдол <span class=\"muted\">(complaints waiting for an answer)</span></h1>"
        if let answered = request.query["answered"] {
            body += "<div class=\"notice\" id=\"notice\">\(e(answered)): хариулсан (answered)</div>"
        }
        if let error = request.query["error"] { body += "<div class=\"error\" id=\"complaint-error\">\(e(error))</div>" }
        body += try DeskFilters.form(filter, path: "/complaints", app: app)
        body += "<p class=\"muted\" id=\"count\">\(items.count) гомдол (complaints)\(DeskFilters.shownOf(items.count))</p>"
        body += "<table id=\"complaints\"><tr><th>Хэрэг (case)</th><th>Алба (office)</th><th>Шат (level)</th><th>Гомдол (complaint)</th>"
        body += "<th>Гаргасан (filed)</th><th>Эцсийн хугацаа (due)</th><th class=\"num\">Үлдсэн хоног (days left)</th>"
        if request.role.acts { body += "<th class=\"no-print\">Хариу (answer)</th>" }
        body += "</tr>"
        for item in items.prefix(DeskQueues.pageRows) {
            let view = item.view, complaint = item.complaint
            let left = complaint.daysLeft(today: request.today) ?? 0
            let text = WebText.isCare(view.service) ? "<span class=\"muted\">\(WebText.confidential)</span>" : e(complaint.text)
            body += "<tr data-case=\"\(e(view.number))\" data-level=\"\(complaint.level.rawValue)\">"
            body += "<td><a href=\"\(DeskApp.root)/cases/\(e(view.number))\">\(e(view.number))</a></td><td>\(e(view.office))</td>"
            body += "<td>\(e(complaint.level.mongolian))</td><td>\(text)</td><td>\(e(complaint.filed.iso))</td><td>\(e(complaint.due.iso))</td>"
            body += "<td class=\"num\">\(DeskFilters.daysLeft(left))</td>"
            if request.role.acts {
                body += "<td class=\"no-print\"><form method=\"post\" action=\"\(DeskApp.root)/cases/\(e(view.number))/answer\">\(PageFrame.csrfField(request.csrf))"
                body += "<input type=\"hidden\" name=\"level\" value=\"\(complaint.level.rawValue)\">"
                body += "<textarea name=\"text\" rows=\"2\" required aria-label=\"хариу (answer)\"></textarea>"
                body += "<button type=\"submit\" class=\"answer\">Хариулах (answer)</button></form></td>"
            }
            body += "</tr>"
        }
        body += "</table>"
        return WebResponse.html(DeskLayout.page("Гомдол", request: request, active: .complaints, body: body))
    }

    /// `POST /desk/cases/<number>/answer` (officers and administrators): the district's answer
    /// to the complaint of the given level, audit-logged in the same transaction; the soum gets it at its next sync.
    static func answer(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        guard (try? CaseBook(store: app.store).show(number)) != nil else { return nil }
        let level = ComplaintLevel(text: request.form["level"] ?? "") ?? .first
        // Back to the queue, or to the case page the form was on.
        let back = DeskFilters.back(request.form) ?? "/complaints"
        do {
            let book = app.book(request, "complaint answer", subject: number, detail: "level \(level.rawValue)")
            _ = try book.answerComplaint(number, text: request.form["text"] ?? "", level: level, now: request.now)
        } catch let error as CaseError {
            return WebResponse.redirect(DeskApp.root + back + "?" + FormData.encode([("error", "\(number): \(error.description)")]))
        } catch let moved as MovedAway {
            return WebResponse.redirect(DeskApp.root + back + "?" + FormData.encode([("error", moved.description)]))
        }
        return WebResponse.redirect(DeskApp.root + back + "?" + FormData.encode(
            [back == "/complaints" ? ("answered", number) : ("done", "\(number): хариулсан (answered)")]))
    }
}
