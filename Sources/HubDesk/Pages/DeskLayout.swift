import WebAccess

/// The frame of every desk page: the hub, the queues, who is logged in (with the role),
/// and the log-out button.
enum DeskLayout {
    enum Section { case home, applications, complaints, conflicts, duplicates, undelivered, reports, admin }

    static let menu: [(Section, String, String)] = [
        (.home, "/", "Нүүр"),
        (.applications, "/applications", "Өргөдөл"),
        (.complaints, "/complaints", "Гомдол"),
        (.conflicts, "/conflicts", "Зөрчил"),
        (.duplicates, "/duplicates", "Давхардсан"),
        (.undelivered, "/undelivered", "Сумд хүрээгүй"),
        (.reports, "/reports", "Тайлан"),
    ]

    static func page(_ title: String, request: DeskRequest, active: Section?, body: String) -> String {
        var nav = ""
        for (section, path, label) in menu + (request.role.administers ? [(.admin, "/admin", "Удирдлага")] : []) {
            nav += "<a href=\"\(DeskApp.root)\(path)\"\(section == active ? " class=\"active\"" : "")>\(e(label))</a>"
        }
        let header = """
            <header><span class="brand">Халамж · \(e(request.hubID))</span><nav>\(nav)</nav>
            <span class="who">\(e(request.user)) · <span id="role">\(e(request.role.mongolian)) (\(request.role.rawValue))</span> <form method="post" action="\(DeskApp.root)/logout">\(PageFrame.csrfField(request.csrf))<button type="submit">Гарах (log out)</button></form></span></header>
            """
        return PageFrame.page(title, body: header + "<main>\n" + body + "\n</main>", root: DeskApp.root)
    }
}
