import HalamjHTTP
import HubServer
import SyncModel
import WebAccess

/// `/desk/admin` (administrators only): the desk's users — add with a role, change a role,
/// set a new password, disable — and the district's offices — add (the new token shown once,
/// on the page that answers the form, never in a link), give a new token, revoke one. The
/// same rules and audit entries as `halamj-hub user …` and `halamj-hub office …`, each change
/// and its entry in one transaction. An administrator cannot disable or demote themselves
/// (the desk would be left without one by a slip).
enum AdminPage {
    static func handle(_ request: DeskRequest, parts: [String], app: DeskApp) throws -> HTTPResponse? {
        guard request.role.administers else { return DeskRoutes.refused(request, "manage users and offices") }
        switch (request.method, parts.count) {
        case ("GET", 1): return try page(request, app: app, notice: request.query["done"], error: request.query["error"])
        case ("POST", 2) where parts[1] == "users": return try answer(request, app: app) { try addUser(request, app: app) }
        case ("POST", 3) where parts[1] == "users":
            return try answer(request, app: app) { try changeUser(request, name: request.form["name"] ?? "", change: parts[2], app: app) }
        case ("POST", 2) where parts[1] == "offices": return try addOffice(request, app: app)
        case ("POST", 3) where parts[1] == "offices": return try changeOffice(request, id: request.form["office"] ?? "", change: parts[2], app: app)
        default: return nil
        }
    }

    /// A refusal in the administrator's words: the page again, with the reason, and nothing changed.
    struct Refusal: Error { let message: String }

    private static func answer(_ request: DeskRequest, app: DeskApp, _ change: () throws -> String) throws -> HTTPResponse {
        do {
            return WebResponse.redirect(DeskApp.root + "/admin?" + FormData.encode([("done", try change())]))
        } catch let refusal as Refusal {
            return try page(request, app: app, notice: nil, error: refusal.message, status: 422)
        } catch let error as WebAccounts.UserError {
            return try page(request, app: app, notice: nil, error: error.description, status: 422)
        }
    }

    private static func accounts(_ request: DeskRequest, app: DeskApp, _ action: String, subject: String, detail: String = "") -> WebAccounts {
        WebAccounts(store: app.store, kind: .desk,
                    alongside: AuditLog.entry(actor: "desk:\(request.user)", action: action, subject: subject, detail: detail, now: request.now))
    }

    /// Both password fields, the same.
    private static func password(_ form: FormData) throws -> String {
        let password = form["password"] ?? ""
        guard password == form["password2"] ?? "" else { throw Refusal(message: "Нууц үг таарахгүй байна (the two passwords differ)") }
        return password
    }

    private static func role(_ form: FormData) throws -> DeskRole {
        guard let role = DeskRole(rawValue: form["role"] ?? "") else { throw WebAccounts.UserError.noRole(form["role"] ?? "") }
        return role
    }

    private static func addUser(_ request: DeskRequest, app: DeskApp) throws -> String {
        let name = (request.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let role = try role(request.form)
        try accounts(request, app: app, "user add", subject: name, detail: role.rawValue)
            .add(name, password: try password(request.form), role: role, iterations: app.passwordIterations, now: request.now)
        return "Хэрэглэгч нэмэгдлээ (user added): \(name), \(role.mongolian) (\(role.rawValue))"
    }

    private static func changeUser(_ request: DeskRequest, name: String, change: String, app: DeskApp) throws -> String {
        switch change {
        case "role":
            let role = try role(request.form)
            if name == request.user, role != .admin { throw Refusal(message: "Өөрийн эрхийг бууруулахгүй (you cannot demote yourself: another administrator can)") }
            try accounts(request, app: app, "user role", subject: name, detail: role.rawValue).setRole(name, role)
            return "Эрх солигдлоо (role changed): \(name), \(role.mongolian) (\(role.rawValue))"
        case "password":
            try accounts(request, app: app, "user passwd", subject: name)
                .setPassword(name, password: try password(request.form), iterations: app.passwordIterations, now: request.now)
            return "Нууц үг солигдлоо (password changed): \(name)"
        case "disable":
            if name == request.user { throw Refusal(message: "Өөрийгөө хаахгүй (you cannot disable yourself: another administrator can)") }
            try accounts(request, app: app, "user disable", subject: name).disable(name)
            return "Хэрэглэгч хаагдлаа (user disabled): \(name)"
        default:
            throw Refusal(message: "No such change: \(change)")
        }
    }

    private static func addOffice(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse {
        let id = (request.form["office"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let token = try OfficeRegistry(store: app.store).add(id, by: "desk:\(request.user)", now: request.now)
            return try page(request, app: app, notice: nil, error: nil, token: (id, token))
        } catch let error as OfficeRegistry.RegistryError {
            return try page(request, app: app, notice: nil, error: error.description, status: 422)
        }
    }

    private static func changeOffice(_ request: DeskRequest, id: String, change: String, app: DeskApp) throws -> HTTPResponse? {
        let registry = OfficeRegistry(store: app.store)
        guard try registry.office(id) != nil else { return nil }
        switch change {
        case "rotate":
            let token = try registry.rotate(id, by: "desk:\(request.user)", now: request.now)
            return try page(request, app: app, notice: nil, error: nil, token: (id, token))
        case "revoke":
            guard request.form["confirm"] == "yes" else {
                return try page(request, app: app, notice: nil, error: "\(id): хүчингүй болгохыг баталгаажуулна уу (tick the box to confirm the revocation)", status: 422)
            }
            try registry.revoke(id, by: "desk:\(request.user)", now: request.now)
            return WebResponse.redirect(DeskApp.root + "/admin?" + FormData.encode([("done", "\(id): токен хүчингүй (token revoked); 'Шинэ токен' issues a new one")]))
        default:
            return nil
        }
    }

    static func page(_ request: DeskRequest, app: DeskApp, notice: String?, error: String?, status: Int = 200,
                     token: (office: String, token: String)? = nil) throws -> HTTPResponse {
        var body = "<h1>Удирдлага <span class=\"muted\">(administration: users and offices)</span></h1>"
        if let notice { body += "<div class=\"notice\" id=\"notice\">\(e(notice))</div>" }
        if let error { body += "<div class=\"error\" id=\"admin-error\">\(e(error))</div>" }
        if let token {
            body += "<div class=\"warn\" id=\"new-token\"><strong>\(e(token.office))</strong>: шинэ токен — одоо хуулж аваарай, дахин харагдахгүй "
            body += "(the office's new token: copy it now, it is not shown again)<pre>\(e(token.token))</pre></div>"
        }
        body += try users(request, app: app) + offices(request, app: app)
        return WebResponse.html(DeskLayout.page("Удирдлага", request: request, active: .admin, body: body), status: status)
    }

    private static func roleSelect(_ selected: DeskRole?, id: String) -> String {
        "<select name=\"role\" id=\"\(id)\" aria-label=\"эрх (role)\">" + DeskRole.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == selected ? " selected" : "")>\(e($0.mongolian)) (\($0.rawValue))</option>"
        }.joined() + "</select>"
    }

    private static func passwordFields(_ prefix: String) -> String {
        "<input type=\"password\" name=\"password\" id=\"\(prefix)-password\" minlength=\"\(WebAccounts.minimumPasswordLength)\" autocomplete=\"new-password\" aria-label=\"нууц үг (password)\" placeholder=\"нууц үг (password)\" required>"
            + "<input type=\"password\" name=\"password2\" id=\"\(prefix)-password2\" autocomplete=\"new-password\" aria-label=\"дахин (again)\" placeholder=\"дахин (again)\" required>"
    }

    private static func users(_ request: DeskRequest, app: DeskApp) throws -> String {
        let root = DeskApp.root + "/admin/users"
        var html = "<h2>Хэрэглэгчид (users)</h2><table id=\"users\"><tr><th>Нэр (name)</th><th>Эрх (role)</th><th>Үүсгэсэн (created)</th><th>Төлөв (state)</th><th class=\"no-print\"></th></tr>"
        for user in try WebAccounts(store: app.store, kind: .desk).list() {
            let named = PageFrame.csrfField(request.csrf) + "<input type=\"hidden\" name=\"name\" value=\"\(e(user.name))\">"
            html += "<tr data-user=\"\(e(user.name))\"><td>\(e(user.name))</td><td>\(user.role.map { "\(e($0.mongolian)) (\($0.rawValue))" } ?? "")</td>"
            html += "<td>\(e(HumanTime.iso(millis: user.createdAt)))</td><td>\(user.disabled ? "<span class=\"badge bad\">хаасан (disabled)</span>" : "идэвхтэй (active)")</td><td class=\"no-print\">"
            html += "<form method=\"post\" action=\"\(root)/role\" class=\"inline\">\(named)\(roleSelect(user.role, id: "role-\(e(user.name))"))<button type=\"submit\">Эрх солих (set role)</button></form>"
            html += "<form method=\"post\" action=\"\(root)/password\" class=\"inline\">\(named)\(passwordFields("pw-\(e(user.name))"))<button type=\"submit\">Нууц үг солих (set password)</button></form>"
            if !user.disabled && user.name != request.user {
                html += "<form method=\"post\" action=\"\(root)/disable\">\(named)<button type=\"submit\" class=\"secondary\">Хаах (disable)</button></form>"
            }
            html += "</td></tr>"
        }
        html += "</table><form method=\"post\" action=\"\(root)\" class=\"card no-print\" id=\"add-user\">\(PageFrame.csrfField(request.csrf))<h2>Хэрэглэгч нэмэх (add a user)</h2>"
        html += "<label for=\"new-name\">Нэр (name)</label><input type=\"text\" id=\"new-name\" name=\"name\" required maxlength=\"40\">"
        html += "<label for=\"new-role\">Эрх (role)</label>\(roleSelect(.reviewer, id: "new-role"))"
        html += "<label for=\"new-password\">Нууц үг, хоёр удаа (password, twice)</label>\(passwordFields("new"))"
        return html + "<p><button type=\"submit\">Нэмэх (add)</button></p></form>"
    }

    private static func offices(_ request: DeskRequest, app: DeskApp) throws -> String {
        let root = DeskApp.root + "/admin/offices"
        var html = "<h2>Албад (offices)</h2><table id=\"offices\"><tr><th>Алба (office)</th><th>Код (code)</th><th>Бүртгэсэн (added)</th><th>Сүүлд холбогдсон (last contact)</th><th>Токен (token)</th><th class=\"no-print\"></th></tr>"
        for office in try OfficeRegistry(store: app.store).list() {
            let named = PageFrame.csrfField(request.csrf) + "<input type=\"hidden\" name=\"office\" value=\"\(e(office.id))\">"
            html += "<tr data-office=\"\(e(office.id))\"><td>\(e(office.id))</td><td>\(e(office.code))</td><td>\(e(HumanTime.iso(millis: office.createdAt)))</td>"
            html += "<td>\(office.lastContactAt.map { e(HumanTime.iso(millis: $0)) } ?? "—")</td>"
            html += "<td>\(office.revokedAt == nil ? "хүчинтэй (valid)" : "<span class=\"badge bad\">хүчингүй (revoked)</span>")</td><td class=\"no-print\">"
            html += "<form method=\"post\" action=\"\(root)/rotate\">\(named)<button type=\"submit\">Шинэ токен (new token)</button></form>"
            if office.revokedAt == nil {
                html += "<form method=\"post\" action=\"\(root)/revoke\" class=\"inline\">\(named)<label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> батлах (confirm)</label>"
                html += "<button type=\"submit\" class=\"secondary\">Хүчингүй болгох (revoke)</button></form>"
            }
            html += "</td></tr>"
        }
        html += "</table><form method=\"post\" action=\"\(root)\" class=\"card no-print\" id=\"add-office\">\(PageFrame.csrfField(request.csrf))<h2>Алба нэмэх (add an office)</h2>"
        html += "<label for=\"new-office\">Албаны дугаар (office id, e.g. soum-4305)</label><input type=\"text\" id=\"new-office\" name=\"office\" required pattern=\"[a-z0-9_-]+\">"
        return html + "<p><button type=\"submit\">Нэмэх (add)</button></p></form>"
    }
}
