import CaseBooks
import HalamjHTTP
import HubServer
import SyncModel
import WebAccess

/// The scans on the desk's case page (issue 20): what the soum attached to each checklist
/// item, each opened by its own link (every view in the hub's access log). A scan not here
/// yet is asked of the office holding the case (at a national hub, of its district) and
/// comes with that side's next sync.
enum DeskScans {
    static func html(_ view: CaseView, checklist: [ChecklistItem], app: DeskApp) -> String {
        let scans = view.scans
        var html = "<h2 id=\"scans\">Скан (scanned papers): \(scans.count)</h2><div class=\"card\">"
        guard !scans.isEmpty else { return html + "<p class=\"muted\">Скан ирээгүй (no scans attached)</p></div>" }
        let held = ScanRequests(store: app.store).held(scans)
        let names = Dictionary(checklist.map { ($0.id, $0.mongolian) }, uniquingKeysWith: { first, _ in first })
        html += "<table id=\"scan-list\"><thead><tr><th>Баримт (document)</th><th>Файл (file)</th><th>Хэмжээ (size)</th><th></th></tr></thead><tbody>"
        for scan in scans {
            let link = "\(DeskApp.root)/cases/\(e(view.number))/scans/\(scan.sha256)"
            let state = held.contains(scan.sha256) ? "" : "<span class=\"badge wait\">ирээгүй (not here yet: opening asks for it)</span>"
            html += "<tr data-sha=\"\(scan.sha256)\"><td>\(e(names[scan.document] ?? scan.document))</td>"
            html += "<td><a href=\"\(link)\" target=\"_blank\" rel=\"noopener\" class=\"scan-link\">\(e(scan.name))</a></td>"
            html += "<td class=\"num\">\(e(ByteText.bytes(scan.byteCount)))</td><td>\(state)</td></tr>"
        }
        return html + "</tbody></table></div>"
    }

    /// `GET /desk/cases/<number>/scans/<sha256>`.
    static func open(_ request: DeskRequest, number: String, sha256: String, app: DeskApp) throws -> HTTPResponse? {
        guard Scan.isHash(sha256), let view = try? CaseBook(store: app.store).show(number), !view.isDeleted else { return nil }
        if WebText.isCare(view.service), !request.role.acts {
            return DeskRoutes.refused(request, "open a specialized-care file")
        }
        switch try ScanRequests(store: app.store).open(sha256, case: number, now: request.now) {
        case nil:
            return nil
        case .file(let scan, let bytes):
            try AccessLog(store: app.store).record(user: request.user, action: AccessLog.Action.viewScan, subject: number,
                                                   detail: "desk \(scan.document) \(scan.sha256)", now: request.now)
            return ScanResponse.inline(scan, bytes: bytes)
        case .asked(let scan, let office):
            return WebResponse.problem(
                404, "Скан одоогоор энд алга", "«\(scan.name)» has not reached this hub yet; it was asked of \(office) and comes with its next sync. Open it again then.",
                link: "\(DeskApp.root)/cases/\(number)#scans", root: DeskApp.root)
        }
    }
}
