import Foundation
import HalamjHTTP
import CaseBooks
import SyncModel
import WebAccess

/// `/conflicts`: fields of this office's records written differently in two places,
/// with every value, who wrote it and when. Read-only: the district resolves them.
enum ConflictsPage {
    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let conflicts = try app.store.read { try $0.openConflicts(office: app.office) }
        var body = "<h1>Зөрчил <span class=\"muted\">(conflicts, resolved at the district)</span></h1>"
        if conflicts.isEmpty {
            body += "<p class=\"muted\" id=\"no-conflicts\">Зөрчил алга (no conflicts)</p>"
        } else {
            body += "<table id=\"conflicts\"><tr><th>Бүртгэл (record)</th><th>Талбар (field)</th><th>Утгууд (values)</th><th>Одоо харагдах (shown now)</th></tr>"
            for conflict in conflicts {
                let link = conflict.collection == CaseFields.collection ? "<a href=\"/cases/\(e(conflict.record))\">\(e(conflict.record))</a>" : e(conflict.record)
                body += "<tr><td>\(link)</td><td>\(e(conflict.field))</td><td><ul class=\"plain\">"
                // A care case's values are seen by opening it (and logged there).
                let hidden = conflict.collection == CaseFields.collection
                    && WebText.isCare((try? CaseBook(store: app.store).show(conflict.record))?.service)
                for value in conflict.values {
                    body += "<li>«\(e(hidden ? WebText.confidential : value.value))» — \(e(value.replica)), \(e(HumanTime.iso(millis: value.wallMillis)))</li>"
                }
                body += "</ul></td><td>\(e(hidden ? WebText.confidential : conflict.current))</td></tr>"
            }
            body += "</table>"
        }
        return WebResponse.html(Layout.page("Зөрчил", context: request.context, active: .conflicts, body: body))
    }
}
