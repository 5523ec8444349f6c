import HalamjHTTP
import WebAccess

/// `/desk/`: how much waits in each queue, the overdue in red.
enum HomePage {
    static func get(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let queues = DeskQueues(store: app.store, today: request.today)
        let applications = try queues.applicationCounts()
        let complaints = try queues.complaints()
        let lateComplaints = complaints.filter { $0.complaint.isOverdue(today: request.today) }.count
        let conflicts = try queues.conflicts().count
        let duplicates = try queues.duplicateCount()
        let undelivered = try queues.undeliveredCounts()
        var body = "<h1>Дүүргийн ажлын байр <span class=\"muted\">(the district's desk)</span></h1><table id=\"queues\">"
        body += "<tr><th>Хүлээгдэж буй (waiting)</th><th class=\"num\">Тоо (count)</th><th class=\"num\">Хугацаа хэтэрсэн (overdue)</th></tr>"
        body += row("applications", "Шийдвэр хүлээж буй өргөдөл (applications waiting for a decision)", applications.total, applications.late,
                    link: "/applications")
        body += row("complaints", "Хариу хүлээж буй гомдол (complaints waiting for an answer)", complaints.count, lateComplaints,
                    link: "/complaints")
        body += row("conflicts", "Хүний шийдвэр хүлээж буй зөрчил (conflicts waiting for a person)", conflicts, nil, link: "/conflicts")
        body += row("duplicates", "Давхардсан өргөдөл (double applications)", duplicates, nil, link: "/duplicates")
        body += row("undelivered", "Сумд хүрээгүй шийдвэр (decisions not yet at their soum; overdue after \(DeskQueues.deliveryDays) days)",
                    undelivered.total, undelivered.late, link: "/undelivered")
        body += "</table>"
        if !request.role.acts {
            body += "<p class=\"muted\">Та хянагчийн эрхтэй: уншиж, тайлбар бичнэ; шийдвэр гаргахгүй (as a reviewer you read; officers decide).</p>"
        }
        return WebResponse.html(DeskLayout.page("Ажлын байр", request: request, active: .home, body: body))
    }

    private static func row(_ id: String, _ label: String, _ count: Int, _ late: Int?, link: String?) -> String {
        let name = link.map { "<a href=\"\(DeskApp.root)\($0)\">\(e(label))</a>" } ?? e(label)
        let overdue = late.map { $0 > 0 ? "<span class=\"overdue\">\($0)</span>" : "0" } ?? "—"
        return "<tr id=\"queue-\(id)\"><td>\(name)</td><td class=\"num\">\(count)</td><td class=\"num\">\(overdue)</td></tr>"
    }
}
