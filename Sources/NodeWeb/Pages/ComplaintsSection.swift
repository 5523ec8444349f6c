import Foundation
import HalamjHTTP
import ReplicaStorage
import CaseBooks
import SyncModel
import WebAccess

/// The complaints part of `/cases/<number>`: both levels with their days left, a form
/// to file one at any stage, and the soum's answer to level 1 while the case is a
/// draft here (`POST /cases/<number>/complaints`).
enum ComplaintsSection {
    static func render(_ context: PageContext, view: CaseView) -> String {
        let complaints = Complaints.all(in: view.values)
        var html = "<h2 id=\"complaints\">Гомдол (complaints)</h2><div class=\"card\">" + CaseSheet.complaints(complaints, today: context.today)
        let action = "/cases/\(e(view.number))/complaints"
        html += "<form method=\"post\" action=\"\(action)\" id=\"complaint-form\" class=\"no-print\">\(PageFrame.csrfField(context.csrf))"
        html += "<input type=\"hidden\" name=\"action\" value=\"file\">"
        html += "<label for=\"complaint-text\">Гомдол гаргах (file a complaint)</label>"
        html += "<textarea name=\"text\" id=\"complaint-text\" rows=\"3\" required></textarea>"
        html += "<label for=\"complaint-level\">Шат (level)</label><select name=\"level\" id=\"complaint-level\">"
        for level in ComplaintLevel.allCases {
            html += "<option value=\"\(level.rawValue)\">\(e(level.mongolian)) (\(e(level.english)))</option>"
        }
        html += "</select><p><button type=\"submit\" id=\"file-complaint\">Гомдол бүртгэх (file the complaint)</button></p></form>"
        // MY READING: the soum's management answers level 1 while the case is a draft here.
        let atSoum = (view.status ?? CaseFields.initialStatus) == CaseFields.initialStatus
        if atSoum, complaints.contains(where: { $0.level == .first }) {
            html += "<form method=\"post\" action=\"\(action)\" id=\"complaint-answer-form\" class=\"no-print\">\(PageFrame.csrfField(context.csrf))"
            html += "<input type=\"hidden\" name=\"action\" value=\"answer\"><input type=\"hidden\" name=\"level\" value=\"1\">"
            html += "<label for=\"complaint-answer\">1-р шатны гомдлын хариу (the soum's answer to level 1)</label>"
            html += "<textarea name=\"text\" id=\"complaint-answer\" rows=\"3\" required></textarea>"
            html += "<p><button type=\"submit\" id=\"answer-complaint\">Хариу бүртгэх (record the answer)</button></p></form>"
        } else if !complaints.isEmpty {
            html += "<p class=\"muted\">Хариуг аймаг, дүүргийн төв өгнө; дараагийн солилцоогоор ирнэ (the district hub answers; it arrives with the next sync)</p>"
        }
        return html + "</div>"
    }

    static func post(_ request: WebRequest, number: String, app: NodeWebApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), view.concerns(app.office) else { return nil }
        if let moved = try CasePage.movedAway(request, view: view, app: app) { return moved }
        let text = request.form["text"] ?? ""
        guard let level = ComplaintLevel(text: request.form["level"] ?? "1") else {
            return try CasePage.page(request, view: view, app: app, notice: nil, error: "Шат 1 эсвэл 2 (the level is 1 or 2)", status: 422)
        }
        do {
            if request.form["action"] == "answer" {
                _ = try book.answerComplaint(number, text: text, level: level, now: request.context.now)
            } else {
                _ = try book.fileComplaint(number, text: text, level: level, now: request.context.now)
            }
        } catch let error as CaseError {
            return try CasePage.page(request, view: view, app: app, notice: nil, error: error.description, status: 422)
        } catch let error as WriteBeyondCounter {
            return try CasePage.page(request, view: view, app: app, notice: nil, error: "Хэрэг эвдэрсэн байна (the case's copy is damaged): \(error)", status: 409)
        }
        return WebResponse.redirect("/cases/\(number)?saved=1#complaints")
    }
}
