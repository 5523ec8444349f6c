import CaseBooks
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel
import WebAccess

/// `/desk/applications`: every application a soum submitted that waits for the governor's
/// decree, oldest deadline first, with the days left of its 30 (late in red); filtered by
/// office and service. A care applicant's name is not shown in the list (confidential).
/// An officer receives a submitted case from here; a reviewer sees no button.
enum ApplicationsPage {
    static func get(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let filter = DeskFilters.filter(request)
        let queue = try DeskQueues(store: app.store, today: request.today).applications(filter)
        var body = "<h1>Шийдвэр хүлээж буй өргөдөл <span class=\"muted\">(applications waiting for a decision)</span></h1>"
        if let received = request.query["received"] {
            body += "<div class=\"notice\" id=\"notice\">\(e(received)): хүлээн авлаа (received)</div>"
        }
        body += try DeskFilters.form(filter, path: "/applications", app: app)
        body += "<p class=\"muted\" id=\"count\">\(queue.total) өргөдөл (applications)\(DeskFilters.shownOf(queue.total))</p>"
        body += "<table id=\"applications\"><tr><th>Хэрэг (case)</th><th>Алба (office)</th><th>Үйлчилгээ (service)</th><th>Өргөдөл гаргагч (applicant)</th>"
        body += "<th>Төлөв (state)</th><th>Өргөдлийн огноо (applied)</th><th>Эцсийн хугацаа (due)</th><th class=\"num\">Үлдсэн хоног (days left)</th>"
        if request.role.acts { body += "<th class=\"no-print\"></th>" }
        body += "</tr>"
        for item in queue.items {
            let view = item.view
            let applicant = WebText.isCare(view.service)
                ? "<span class=\"muted\">\(WebText.confidential)</span>" : e(view.values[CaseFields.name] ?? "")
            let left = DeskFilters.daysLeft(item.daysLeft)
            body += "<tr data-case=\"\(e(view.number))\"><td><a href=\"\(DeskApp.root)/cases/\(e(view.number))\">\(e(view.number))</a></td><td>\(e(view.office))</td><td>\(e(WebText.service(view.service)))</td>"
            body += "<td>\(applicant)</td><td>\(e(WebText.status(view.status)))</td>"
            body += "<td>\(e(item.clock.start.iso))</td><td>\(e(item.clock.due.iso))</td><td class=\"num\">\(left)</td>"
            if request.role.acts {
                body += "<td class=\"no-print\">"
                if view.status == "submitted" {
                    body += "<form method=\"post\" action=\"\(DeskApp.root)/cases/\(e(view.number))/receive\">\(PageFrame.csrfField(request.csrf))"
                    body += "<button type=\"submit\" class=\"receive\">Хүлээн авах (receive)</button></form>"
                }
                body += "</td>"
            }
            body += "</tr>"
        }
        body += "</table>"
        return WebResponse.html(DeskLayout.page("Өргөдөл", request: request, active: .applications, body: body))
    }

    /// `POST /desk/cases/<number>/receive` (officers and administrators): the case moves from
    /// submitted to received, and the audit log names who did it (one transaction).
    static func receive(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        guard (try? CaseBook(store: app.store).show(number)) != nil else { return nil }
        do {
            _ = try app.book(request, "case status", subject: number, detail: "received").move(number, to: "received", now: request.now)
        } catch let error as CaseError {
            return WebResponse.problem(409, "Хүлээн авах боломжгүй", "\(number): \(error.description)", link: DeskApp.root + "/applications", root: DeskApp.root)
        } catch let moved as MovedAway {
            return WebResponse.problem(409, "Хүлээн авах боломжгүй", moved.description, link: DeskApp.root + "/applications", root: DeskApp.root)
        }
        return WebResponse.redirect(DeskApp.root + "/applications?" + FormData.encode([("received", number)]))
    }
}
