import Foundation
import HalamjHTTP
import SyncModel
import WebAccess

/// The frame of every page: the office, the menu, who is logged in, and the log-out
/// button; Mongolian first with the English word beside it where it helps.
enum Layout {
    enum Section: String { case search, decisions, overdue, conflicts, sync, access }

    static let menu: [(Section, String, String)] = [
        (.search, "/", "Иргэн хайх"),
        (.decisions, "/decisions", "Шийдвэр"),
        (.overdue, "/overdue", "Хугацаа хэтэрсэн"),
        (.conflicts, "/conflicts", "Зөрчил"),
        (.sync, "/sync", "Төвтэй солилцох"),
        (.access, "/access-log", "Хандалтын бүртгэл"),
    ]

    static func page(_ title: String, context: PageContext, active: Section?, body: String) -> String {
        var nav = ""
        for (section, href, label) in menu {
            nav += "<a href=\"\(href)\"\(section == active ? " class=\"active\"" : "")>\(e(label))</a>"
        }
        let header = """
            <header><span class="brand">Халамж · \(e(context.office))</span><nav>\(nav)</nav>
            <span class="who">\(e(context.user)) <form method="post" action="/logout">\(PageFrame.csrfField(context.csrf))<button type="submit">Гарах (log out)</button></form></span></header>
            """
        return PageFrame.page(title, body: header + "<main>\n" + body + "\n</main>", script: true)
    }
}

/// What every page needs to know about the request it answers.
struct PageContext: Sendable {
    let office: String
    let user: String
    let csrf: String
    let now: Int64
    /// The office's calendar day at `now` (its own time zone, not UTC).
    let today: CivilDate
}

/// HTML-escaped text.
func e(_ text: String) -> String { HTMLText.escape(text) }
