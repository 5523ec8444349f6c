import CaseBooks
import HalamjHTTP
import SyncModel
import WebAccess

/// `/desk/undelivered`: decisions the hub wrote that their soum has not acknowledged `days`
/// days (7 unless asked) or more after, the longest waiting first: a soum that has not synced
/// since, or a link that fails. Filtered by office and service like every queue.
enum UndeliveredPage {
    static func get(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let filter = DeskFilters.filter(request)
        let days = request.query["days"].flatMap(Int.init).map { min(max($0, 0), 3_650) } ?? DeskQueues.deliveryDays
        let queue = try DeskQueues(store: app.store, today: request.today).undelivered(filter, days: days)
        var body = "<h1>Сумд хүрээгүй шийдвэр <span class=\"muted\">(decisions not at their soum after \(days) days)</span></h1>"
        body += try DeskFilters.form(filter, path: "/undelivered", app: app,
                                     extra: "<label for=\"days\">Хоногоос хойш (after days)</label><input type=\"number\" id=\"days\" name=\"days\" min=\"0\" value=\"\(days)\">")
        body += "<p class=\"muted\" id=\"count\">\(queue.total) шийдвэр (decisions)\(DeskFilters.shownOf(queue.total))</p>"
        body += "<table id=\"undelivered\"><tr><th>Хэрэг (case)</th><th>Алба (office)</th><th>Үйлчилгээ (service)</th><th>Шийдвэр (decision)</th>"
        body += "<th>Захирамж (decree)</th><th>Бичсэн (written)</th><th class=\"num\">Хоног (days waiting)</th></tr>"
        for item in queue.items {
            let view = item.view
            body += "<tr data-case=\"\(e(view.number))\"><td><a href=\"\(DeskApp.root)/cases/\(e(view.number))\">\(e(view.number))</a></td>"
            body += "<td>\(e(view.office))</td><td>\(e(WebText.service(view.service)))</td><td>\(e(WebText.status(view.values[WorkflowFields.decision])))</td>"
            body += "<td>\(e(view.values[WorkflowFields.decreeNumber] ?? ""))</td><td>\(e(item.written.iso))</td>"
            body += "<td class=\"num\"><span class=\"overdue\">\(item.days)</span></td></tr>"
        }
        body += "</table>"
        return WebResponse.html(DeskLayout.page("Сумд хүрээгүй", request: request, active: .undelivered, body: body))
    }
}
