import Foundation
import HalamjHTTP
import HubClient
import SyncModel
import WebAccess

/// `/sync`: when this office last synced, what waits to be sent, whether the hub
/// answered last time, a "Sync now" button with its progress, and the last errors.
enum SyncPage {
    static func get(_ request: WebRequest, app: NodeWebApp) throws -> HTTPResponse {
        let status = try app.store.status()
        let sync = app.sync.snapshot
        let now = request.context.now
        var body = "<h1>Төвтэй солилцох <span class=\"muted\">(sync with the hub)</span></h1><div class=\"grid\"><div class=\"card\"><dl>"
        body += "<dt>Төв (hub)</dt><dd>\(e(status.hub ?? "тохируулаагүй (not configured)"))</dd>"
        let reachable: String
        if status.lastSyncAttemptAt == nil {
            reachable = "<span class=\"badge\">шалгаагүй (not tried yet)</span>"
        } else if let error = status.lastSyncError {
            reachable = error.hasPrefix(SyncError.unreachablePrefix)
                ? "<span class=\"badge bad\" id=\"hub-state\">холбогдоогүй (not reachable)</span>"
                : error.hasPrefix(SyncError.untrustedPrefix)
                ? "<span class=\"badge bad\" id=\"hub-state\">гэрчилгээ хүлээн аваагүй (certificate refused)</span>"
                : "<span class=\"badge wait\" id=\"hub-state\">холбогдсон, татгалзсан (reachable, refused)</span>"
        } else {
            reachable = "<span class=\"badge ok\" id=\"hub-state\">холбогдсон (reachable)</span>"
        }
        body += "<dt>Сүүлийн оролдлого (last try)</dt><dd>\(reachable) \(e(WebText.time(status.lastSyncAttemptAt, now: now)))</dd>"
        body += "<dt>Сүүлд амжилттай (last sync)</dt><dd id=\"last-sync\">\(e(WebText.time(status.lastSyncAt, now: now)))</dd>"
        body += "<dt>Илгээгээгүй өөрчлөлт (pending)</dt><dd id=\"pending\">\(status.pendingCount)"
        if let oldest = status.oldestPendingAt { body += " · хамгийн хуучин \(e(HumanTime.ago(seconds: Int((now - oldest) / 1000))))" }
        body += "</dd>" + (try estimate(app))
        // Scans go after the records, resuming where a cut link left them (issue 20).
        body += "<dt>Скан хүлээгдэж буй (scans waiting: files · bytes · time left)</dt><dd id=\"scans-waiting\">\(e(status.filesWaiting.line(bytesPerSecond: status.linkBytesPerSecond)))</dd>"
        body += "<dt>Бүртгэл (records here)</dt><dd>\(status.recordCount)</dd></dl></div><div class=\"card\">"
        body += "<div id=\"sync-progress\" data-running=\"\(sync.running)\"><p id=\"sync-line\">\(e(line(sync)))</p>"
        if sync.running { body += "<progress></progress>" }
        body += "</div><form method=\"post\" action=\"/sync\" class=\"no-print\">\(PageFrame.csrfField(request.context.csrf))"
        body += "<button type=\"submit\" id=\"sync-now\"\(sync.running ? " disabled" : "")>Одоо солилцох (sync now)</button></form></div></div>"
        if !status.refused.isEmpty {
            body += "<h2>Төв татгалзсан (refused by the hub)</h2><table><tr><th>Бүртгэл (record)</th><th>Шалтгаан (reason)</th></tr>"
            for refusal in status.refused { body += "<tr><td>\(e(refusal.id))</td><td>\(e(refusal.reason))</td></tr>" }
            body += "</table>"
        }
        if !status.refusedFromHub.isEmpty {
            body += "<h2 id=\"refused-from-hub\">Төвөөс авахаас татгалзсан (refused from the hub)</h2><table><tr><th>Бүртгэл (record)</th><th>Шалтгаан (reason)</th></tr>"
            for refusal in status.refusedFromHub { body += "<tr><td>\(e(refusal.collection))/\(e(refusal.id))</td><td>\(e(refusal.reason))</td></tr>" }
            body += "</table>"
        }
        body += "<h2>Сүүлийн алдаа (last errors)</h2>"
        var failures = sync.failures.map { ($0.at, $0.text) }
        if failures.isEmpty, let error = status.lastSyncError, let at = status.lastSyncAttemptAt {
            failures = [(at, BackgroundSync.plainWords(recorded: error))]
        }
        if failures.isEmpty {
            body += "<p class=\"muted\" id=\"errors\">Алдаа алга (no errors)</p>"
        } else {
            body += "<table id=\"errors\"><tr><th>Хэзээ (when)</th><th>Юу болсон (what happened)</th></tr>"
            for (at, text) in failures { body += "<tr><td>\(e(HumanTime.iso(millis: at)))</td><td>\(e(text))</td></tr>" }
            body += "</table>"
        }
        return WebResponse.html(Layout.page("Солилцоо", context: request.context, active: .sync, body: body))
    }

    static func start(_ request: WebRequest, app: NodeWebApp) -> HTTPResponse {
        app.sync.start(now: request.context.now)
        return WebResponse.redirect("/sync")
    }

    /// `{"line": …, "running": …}` for the page's script while a round runs.
    struct Progress: Encodable {
        let line: String
        let running: Bool
    }

    static func progress(app: NodeWebApp) -> HTTPResponse {
        let sync = app.sync.snapshot
        return WebResponse.json(Progress(line: line(sync), running: sync.running))
    }

    /// While a round runs: records and bytes so far, rate and time left
    /// (`SyncReport.progressLine`); after it, its summary or its failure.
    static func line(_ sync: BackgroundSync.Snapshot) -> String {
        if sync.running { return "Солилцож байна (syncing)… \(sync.progress.progressLine)" }
        if let failure = sync.failures.first, failure.at >= (sync.finishedAt ?? 0) { return "Амжилтгүй (failed): \(failure.text)" }
        if let report = sync.lastReport { return "Дууссан (done): \(report.summaryLine)" }
        return "Энэ удаад солилцоогүй (no sync started here yet)"
    }

    /// What the next sync would send: records, about how many bytes, and how long at
    /// 32 kbit/s and at the last sync's rate (`SyncEstimate`).
    static func estimate(_ app: NodeWebApp) throws -> String {
        guard let upstream = try app.store.upstream() else { return "" }
        let estimate = try app.store.estimatePush(batchSize: SyncProtocol.defaultBatchSize, compress: upstream.takesGzip)
        guard estimate.records > 0 else { return "" }
        var text = "\(estimate.records) бичлэг (records), ~\(ByteText.bytes(estimate.bytes))"
        text += " · 32 kbit/s: \(estimate.timeText(atBitsPerSecond: 32_000))"
        if let last = estimate.atLastRate { text += " · сүүлийн хурдаар (at the last rate, \(last.rate)): \(last.time)" }
        return "<dt>Дараагийн илгээлт (next push, estimate)</dt><dd id=\"estimate\">\(e(text))</dd>"
    }
}
