import Foundation
import HalamjHTTP
import ReplicaStorage
import CaseBooks
import SyncModel
import WebAccess

/// The scans of a case on its page (issue 20): each checklist item's files with where
/// they stand (waiting to go up, at the district, missing here), a form to attach more
/// (from a scanner's folder or the phone's camera), and each file opened by its own link,
/// every view written to the access log. Ticking a paper received stays the checklist's.
enum ScansCard {
    static func render(_ context: PageContext, view: CaseView, checklist: [ChecklistItem], files: ContentStore, waiting: Set<String>, editable: Bool) -> String {
        let scans = view.scans
        var html = "<h2 id=\"scans\">Скан (scanned papers): <span id=\"scan-count\">\(scans.count)</span></h2><div class=\"card\">"
        if scans.isEmpty {
            html += "<p class=\"muted\">Скан хавсаргаагүй (no scans attached)</p>"
        } else {
            html += "<table id=\"scan-list\"><thead><tr><th>Баримт (document)</th><th>Файл (file)</th><th>Хэмжээ (size)</th><th>Төлөв (state)</th></tr></thead><tbody>"
            let names = Dictionary(checklist.map { ($0.id, $0.mongolian) }, uniquingKeysWith: { first, _ in first })
            for scan in scans {
                let here = files.contains(scan.sha256)
                let state = !here ? "алга (not here: fsck fetches it)" : waiting.contains(scan.sha256) ? "илгээх дараалалд (waiting to go up)" : "төвд байгаа (at the district)"
                let name = here
                    ? "<a href=\"/cases/\(e(view.number))/scans/\(scan.sha256)\" target=\"_blank\" rel=\"noopener\" class=\"scan-link\">\(e(scan.name))</a>"
                    : e(scan.name)
                html += "<tr data-document=\"\(e(scan.document))\" data-sha=\"\(scan.sha256)\"><td>\(e(names[scan.document] ?? scan.document))</td><td>\(name)</td>"
                html += "<td class=\"num\">\(e(ByteText.bytes(scan.byteCount)))</td><td>\(e(state))</td></tr>"
            }
            html += "</tbody></table>"
        }
        if editable {
            let soum = checklist.filter { $0.stage == .soum }
            html += "<form method=\"post\" action=\"/cases/\(e(view.number))/scans\" enctype=\"multipart/form-data\" id=\"scan-form\" data-reduce=\"\(ScanReduction.maximumSide)\">"
            html += PageFrame.csrfField(context.csrf)
            html += "<label>Баримт (document) <select name=\"document\" id=\"scan-document\">"
            for item in soum { html += "<option value=\"\(e(item.id))\">\(e(item.mongolian))</option>" }
            html += "</select></label>"
            html += "<label>Файл (JPEG, PNG, PDF; at most \(e(ByteText.bytes(CaseBook.maximumScanBytes)))) "
            html += "<input type=\"file\" name=\"scan\" id=\"scan-file\" accept=\"image/jpeg,image/png,application/pdf\" multiple></label>"
            html += "<label><input type=\"checkbox\" name=\"original\" value=\"1\" id=\"scan-original\"> Эх хувиар нь хадгалах (keep the original, not reduced)</label>"
            html += "<p class=\"muted\">Зургийг дэлгэцэнд уншихад тохиромжтой хэмжээнд (≤ \(ScanReduction.maximumSide) px) багасгана; PDF хэвээрээ (photos are reduced for reading on screen; PDFs are kept as they are)</p>"
            html += "<p><button type=\"submit\" id=\"attach-scan\">Хавсаргах (attach)</button></p></form>"
        }
        return html + "</div>"
    }

    /// `POST /cases/<number>/scans`: the files of the form attached to its document.
    static func post(_ request: WebRequest, number: String, app: NodeWebApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), view.concerns(app.office) else { return nil }
        if let moved = try CasePage.movedAway(request, view: view, app: app) { return moved }
        let uploads = request.form.files("scan")
        guard let document = request.form["document"], !uploads.isEmpty else {
            return try CasePage.page(request, view: view, app: app, notice: nil,
                                     error: "Файл сонгоогүй байна (choose a file to attach)", status: 422)
        }
        var attached = 0
        for upload in uploads {
            do {
                try book.attach(number, document: document, bytes: upload.bytes, name: upload.filename,
                                files: ContentStore.beside(database: app.store.path), keepOriginal: request.form["original"] == "1",
                                now: request.context.now)
                attached += 1
            } catch let error as CaseError {
                return try CasePage.page(request, view: try book.show(number), app: app, notice: nil,
                                         error: "«\(upload.filename)»: \(error)" + (attached > 0 ? " (\(attached) attached before it)" : ""), status: 422)
            } catch let error as ContentStoreError {
                return try CasePage.page(request, view: try book.show(number), app: app, notice: nil, error: error.description, status: 507)
            }
        }
        return WebResponse.redirect("/cases/\(number)?attached=\(attached)#scans")
    }

    /// `GET /cases/<number>/scans/<sha256>`: the file itself, hash-checked, every view logged.
    static func file(_ request: WebRequest, number: String, sha256: String, app: NodeWebApp) throws -> HTTPResponse? {
        let book = CaseBook(store: app.store)
        guard let view = try? book.show(number), view.concerns(app.office), Scan.isHash(sha256) else { return nil }
        let scan: Scan, bytes: [UInt8]
        do {
            (scan, bytes) = try book.scanFile(number, sha256, files: ContentStore.beside(database: app.store.path))
        } catch let error as ContentStoreError {
            return WebResponse.problem(404, "Скан энд алга", "\(error)", link: "/cases/\(number)#scans")
        } catch CaseError.scan {
            return nil
        }
        try AccessLog(store: app.store).record(user: request.context.user, action: AccessLog.Action.viewScan, subject: number,
                                               detail: "\(scan.document) \(scan.sha256)", now: request.context.now)
        return ScanResponse.inline(scan, bytes: bytes)
    }

}
