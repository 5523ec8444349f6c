import Foundation
import HalamjHTTP
import LocalNode
import SyncModel
import WebAccess

/// `/access-log`: who opened which confidential case file, and logins, newest first.
enum AccessLogPage {
    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let entries = try AccessLog(store: app.store).entries(subject: request.query["case"], limit: 500)
        var body = "<h1>Хандалтын бүртгэл <span class=\"muted\">(access log)</span></h1>"
        body += "<table id=\"access-log\"><tr><th>Хэзээ (when)</th><th>Хэн (who)</th><th>Юу (what)</th><th>Хэрэг (case)</th></tr>"
        for entry in entries {
            let what = switch entry.action {
            case AccessLog.Action.viewCareCase: "Асрамжийн хэрэг үзсэн (viewed a care case file)"
            case AccessLog.Action.login: "Нэвтэрсэн (logged in)"
            case AccessLog.Action.loginFailed: "Нэвтрэх оролдлого амжилтгүй (failed login)"
            case AccessLog.Action.logout: "Гарсан (logged out)"
            default: entry.action
            }
            body += "<tr><td>\(e(HumanTime.iso(millis: entry.at)))</td><td>\(e(entry.user))</td><td>\(e(what))</td><td>\(e(entry.subject))</td></tr>"
        }
        body += "</table>"
        return WebResponse.html(Layout.page("Хандалтын бүртгэл", context: request.context, active: .access, body: body))
    }
}
