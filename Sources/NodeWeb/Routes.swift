import HalamjHTTP
import LocalNode
import WebAccess

/// Which page answers which path, after login.
enum Routes {
    static func handle(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts.count, parts.first ?? "") {
        case ("GET", 0, _): return try SearchPage.get(request, app: app)
        case ("POST", 1, "logout"):
            return try app.login.logOut(user: request.context.user, sessionID: request.sessionID, now: request.context.now)
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
        case ("POST", 3, "cases") where parts[2] == "scans": return try ScansCard.post(request, number: parts[1], app: app)
        case ("GET", 4, "cases") where parts[2] == "scans":
            return try ScansCard.file(request, number: parts[1], sha256: parts[3], app: app)
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

    /// The path as logged: the app's own words kept, anything else (a register number, a case
    /// number, a mistyped name) masked, so that no citizen's data reaches the log.
    static func pattern(of path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = parts.first else { return "/" }
        guard pages.contains(String(first)) else { return "/:other" }
        var pattern = "/" + first
        for (index, part) in parts.dropFirst().enumerated() {
            if words.contains(String(part)) {
                pattern += "/" + part
            } else {
                pattern += index == 0 ? (first == "people" ? "/:rd" : first == "cases" ? "/:number" : "/:id") : "/:id"
            }
        }
        return pattern
    }

    private static let pages: Set<String> = [
        "login", "logout", "people", "check", "cases", "decisions", "overdue", "conflicts", "sync", "access-log",
        "static", "favicon.ico",
    ]
    private static let words: Set<String> = ["new", "apply", "checklist", "submit", "complaints", "scans", "progress", "app.css", "app.js"]
}
