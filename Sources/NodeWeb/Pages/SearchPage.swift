import Foundation
import HalamjHTTP
import SyncModel
import WebAccess

/// `/`: find an applicant by register number or by name; results in Mongolian
/// alphabetical order.
enum SearchPage {
    /// At most this many rows are listed; the worker narrows the search for more.
    static let maximumRows = 200

    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let q = (request.query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        let people = try Applicant.all(store: app.store, office: app.office)
        let found = q.isEmpty ? people : people.filter { matches($0, q) }
        var body = "<h1>Иргэн хайх <span class=\"muted\">(find an applicant)</span></h1>"
        body += """
            <form method="get" action="/" class="card no-print"><label for="q">Регистрийн дугаар эсвэл нэр (register number or name)</label>
            <input type="search" id="q" name="q" value="\(e(q))" autofocus> <button type="submit">Хайх (search)</button>
            <a class="button green spaced" id="register-person" href="/people/new">+ Шинэ иргэн бүртгэх (register)</a></form>
            """
        body += "<p class=\"muted\">\(found.count) иргэн (\(found.count) found)\(found.count > maximumRows ? ", эхний \(maximumRows)" : "")</p>"
        body += "<table id=\"people\"><tr><th>Овог нэр (name)</th><th>Регистр (РД)</th><th>Төрсөн огноо (born)</th><th>Хүйс (sex)</th></tr>"
        for person in found.prefix(maximumRows) {
            let rd = person.registerNumber
            let parsed = try? RegisterNumber.parse(rd)
            body += "<tr><td><a href=\"/people/\(e(rd))\">\(e(person.name))</a></td><td>\(e(rd))</td>"
            body += "<td>\(e(parsed?.birthDate.iso ?? ""))</td><td>\(e(parsed?.sex.mongolian ?? ""))</td></tr>"
        }
        body += "</table>"
        return WebResponse.html(Layout.page("Иргэн хайх", context: request.context, active: .search, body: body))
    }

    /// A register number matches by prefix (upper-cased), a name by any part of it.
    static func matches(_ person: Applicant, _ q: String) -> Bool {
        let upper = q.uppercased()
        if person.registerNumber.hasPrefix(upper) { return true }
        return person.name.lowercased().contains(q.lowercased())
    }
}
