import CaseBooks
import HalamjHTTP
import HubServer
import SyncModel
import WebAccess

/// Which page answers which path of the desk, after login. An action a role may not take is
/// refused here (403), whatever the page offered.
enum DeskRoutes {
    static func handle(_ request: DeskRequest, app: DeskApp) throws -> HTTPResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts.count, parts.first ?? "") {
        case ("GET", 0, _): return try HomePage.get(request, app: app)
        case ("POST", 1, "logout"): return try app.login.logOut(user: request.user, sessionID: request.sessionID, now: request.now)
        case ("GET", 1, "applications"): return try ApplicationsPage.get(request, app: app)
        case ("GET", 1, "complaints"): return try ComplaintsPage.get(request, app: app)
        case ("GET", 1, "conflicts"): return try ConflictsDeskPage.get(request, app: app)
        case ("GET", 1, "duplicates"): return try DuplicatesPage.get(request, app: app)
        case ("GET", 1, "undelivered"): return try UndeliveredPage.get(request, app: app)
        case ("GET", 1, "reports"): return try ReportsPage.get(request, app: app, format: .page)
        case ("GET", 1, "reports.csv"): return try ReportsPage.get(request, app: app, format: .csv)
        case ("GET", 2, "reports") where parts[1] == "print": return try ReportsPage.get(request, app: app, format: .print)
        case (_, _, "admin"): return try AdminPage.handle(request, parts: parts, app: app)
        case ("POST", 3, "conflicts") where parts[2] == "resolve":
            guard request.role.acts else { return refused(request, "resolve a conflict") }
            return try ConflictsDeskPage.resolve(request, id: parts[1], app: app)
        case ("POST", 3, "cases") where parts[2] == "answer":
            guard request.role.acts else { return refused(request, "answer a complaint") }
            return try ComplaintsPage.answer(request, number: parts[1], app: app)
        case ("GET", 2, "cases"): return try CaseDeskPage.get(request, number: parts[1], app: app)
        case ("GET", 4, "cases") where parts[2] == "scans": return try DeskScans.open(request, number: parts[1], sha256: parts[3], app: app)
        case ("POST", 3, "cases") where parts[2] == "receive":
            guard request.role.acts else { return refused(request, "receive a case") }
            return try ApplicationsPage.receive(request, number: parts[1], app: app)
        case ("POST", 3, "cases") where parts[2] == "comment":
            return try CommentsSection.add(request, number: parts[1], app: app)
        case ("POST", 3, "cases") where CaseActions.route(parts[2]) != nil:
            let action = CaseActions.route(parts[2])!
            guard request.role.acts else { return refused(request, action.refusal) }
            return try action.handle(request, parts[1], app)
        default: return nil
        }
    }

    /// What a role may not do: nothing changes, the answer says why.
    static func refused(_ request: DeskRequest, _ action: String) -> HTTPResponse {
        WebResponse.problem(403, "Эрх хүрэлцэхгүй", "A \(request.role.rawValue) (\(request.role.mongolian)) may not \(action); an officer or an administrator may.",
                            root: DeskApp.root)
    }

    /// The path as logged: the desk's own words kept, a case number masked.
    static func pattern(of path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return "/" + parts.enumerated().map { index, part in
            index == 2 && parts.count >= 3 && parts[1] == "cases" ? ":number" : String(part)
        }.joined(separator: "/")
    }
}
