import CaseBooks
import HalamjHTTP
import SyncModel
import WebAccess

/// `/desk/duplicates`: the same register number applying for the same service at two or
/// more offices (the risk of paying twice), each case with its office and state. Read-only:
/// the officer opens each case to act. A care applicant's register number is not shown.
enum DuplicatesPage {
    static func get(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let filter = DeskFilters.filter(request)
        let groups = try DeskQueues(store: app.store, today: request.today).duplicates(filter)
        var body = "<h1>Давхардсан өргөдөл <span class=\"muted\">(double applications)</span></h1>"
        body += try DeskFilters.form(filter, path: "/duplicates", app: app)
        body += "<p class=\"muted\" id=\"count\">\(groups.count) (the same person, the same service, two or more offices)\(DeskFilters.shownOf(groups.count))</p>"
        body += "<table id=\"duplicates\"><tr><th>РД</th><th>Үйлчилгээ (service)</th><th>Хэргүүд (cases)</th></tr>"
        for group in groups.prefix(DeskQueues.pageRows) {
            let care = WebText.isCare(group.service)
            body += "<tr data-rd-service=\"\(care ? "" : e(group.registerNumber))\"><td>\(care ? "<span class=\"muted\">\(WebText.confidential)</span>" : e(group.registerNumber))</td>"
            body += "<td>\(e(WebText.service(group.service)))</td><td><ul class=\"plain\">"
            for item in group.cases {
                body += "<li><a href=\"\(DeskApp.root)/cases/\(e(item.number))\">\(e(item.number))</a> · \(e(item.office)) · \(e(WebText.status(item.status)))</li>"
            }
            body += "</ul></td></tr>"
        }
        body += "</table>"
        return WebResponse.html(DeskLayout.page("Давхардсан өргөдөл", request: request, active: .duplicates, body: body))
    }
}
