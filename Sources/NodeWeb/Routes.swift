import HalamjHTTP
import LocalNode

/// Which page answers which path, after login.
enum Routes {
    static func handle(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts.count, parts.first ?? "") {
        case ("GET", 0, _): return try SearchPage.get(request, app: app)
        case ("POST", 1, "logout"):
            app.sessions.remove(request.sessionID)
            try AccessLog(store: app.store).record(user: request.context.user, action: AccessLog.Action.logout, subject: "web",
                                                   now: request.context.now)
            return WebResponse.redirect("/login", headers: [WebResponse.clearedSessionCookie])
        case ("GET", 2, "people") where parts[1] == "new": return try PersonForm.get(request, app: app)
        case ("POST", 1, "people"): return try PersonForm.post(request, app: app)
        case ("GET", 2, "people"): return try PersonPage.get(request, registerNumber: parts[1], app: app)
        case ("GET", 3, "people") where parts[2] == "apply": return try ApplicationWizard.get(request, registerNumber: parts[1], app: app)
        case ("POST", 3, "people") where parts[2] == "apply": return try ApplicationWizard.post(request, registerNumber: parts[1], app: app)
        case ("GET", 1, "check"): return try ApplicationWizard.check(request, app: app)
        case ("GET", 2, "cases"): return try CasePage.get(request, number: parts[1], app: app)
        case ("POST", 3, "cases") where parts[2] == "checklist": return try CasePage.saveChecklist(request, number: parts[1], app: app)
        case ("POST", 3, "cases") where parts[2] == "submit": return try CasePage.submit(request, number: parts[1], app: app)
        case ("POST", 3, "cases") where parts[2] == "complaints": return try ComplaintsSection.post(request, number: parts[1], app: app)
        case ("POST", 3, "cases") where parts[2] == "care": return try CareEventForms.post(request, number: parts[1], app: app)
        case ("GET", 1, "decisions"): return try DecisionsPage.get(request, app: app)
        case ("GET", 1, "overdue"): return try OverduePage.get(request, app: app)
        case ("GET", 1, "conflicts"): return try ConflictsPage.get(request, app: app)
        case ("GET", 1, "sync"): return try SyncPage.get(request, app: app)
        case ("POST", 1, "sync"): return SyncPage.start(request, app: app)
        case ("GET", 2, "sync") where parts[1] == "progress": return SyncPage.progress(app: app)
        case ("GET", 1, "access-log"): return try AccessLogPage.get(request, app: app)
        default: return nil
        }
    }
}
