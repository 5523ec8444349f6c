import CaseBooks
import HalamjHTTP
import SyncModel
import WebAccess

/// The district's comments on a case page, and `POST /desk/cases/<number>/comment`: every
/// role comments (reading and commenting is what a reviewer does).
enum CommentsSection {
    static func html(_ request: DeskRequest, number: String, app: DeskApp) throws -> String {
        let comments = try DeskComments(store: app.store).all(number)
        var html = "<h2>Дүүргийн тайлбар <span class=\"muted\">(the district's comments; not sent to the soum)</span></h2><div class=\"card\" id=\"comments\">"
        if comments.isEmpty { html += "<p class=\"muted\">Тайлбар алга (no comments yet)</p>" }
        for comment in comments {
            html += "<p class=\"comment\"><strong>\(e(comment.user))</strong> <span class=\"muted\">\(e(HumanTime.iso(millis: comment.at)))</span><br>\(e(comment.text))</p>"
        }
        html += "<form method=\"post\" action=\"\(DeskApp.root)/cases/\(e(number))/comment\" class=\"no-print\">\(PageFrame.csrfField(request.csrf))"
        html += "<label for=\"comment\">Тайлбар бичих (write a comment)</label><textarea id=\"comment\" name=\"text\" rows=\"2\" maxlength=\"\(DeskComments.maxLength)\" required></textarea>"
        return html + "<p><button type=\"submit\" id=\"add-comment\">Тайлбар нэмэх (add the comment)</button></p></form></div>"
    }

    static func add(_ request: DeskRequest, number: String, app: DeskApp) throws -> HTTPResponse? {
        guard let view = try? CaseBook(store: app.store).show(number), !view.isDeleted else { return nil }
        if WebText.isCare(view.service), !request.role.acts { return DeskRoutes.refused(request, "comment on a specialized-care file") }
        let text = (request.form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= DeskComments.maxLength else {
            let message = text.isEmpty ? "Тайлбар хоосон байна (the comment is empty)"
                : "Тайлбар \(DeskComments.maxLength) тэмдэгтээс урт (a comment is at most \(DeskComments.maxLength) characters)"
            return try CaseDeskPage.page(request, number: number, app: app, notice: nil, error: message, status: 422)
        }
        try DeskComments(store: app.store).add(number, user: request.user, text: text, now: request.now)
        return WebResponse.redirect(DeskApp.root + "/cases/\(number)?" + FormData.encode([("done", "Тайлбар нэмлээ (comment added)")]))
    }
}
