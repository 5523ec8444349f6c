import SyncModel

/// `GET /office/<id>`: one office's state and its recent sync history.
enum OfficePage {
    static func render(_ office: OfficeHealth, history: [SyncEvent], hub: String, now: Int64) -> String {
        var body = "<p><a href=\"/\">← Бүх алба (all offices)</a></p>\n"
        body += "<h1>\(HTML.escape(office.id)) — <span class=\"state-\(office.state.rawValue)\"><span class=\"badge\">\(HTML.escape(office.stateLabel))</span></span></h1>\n"
        if !office.reasons.isEmpty { body += "<p class=\"why\">\(HTML.escape(office.reasons.joined(separator: "; ")))</p>\n" }
        let facts: [(String, String)] = [
            ("Сүүлд холбогдсон (last contact)", office.lastContactAt.map({ HumanTime.iso(millis: $0) }) ?? "—"),
            ("Сүүлд илгээсэн (last push)", office.lastPushAt.map({ HumanTime.iso(millis: $0) }) ?? "—"),
            ("Сүүлд татсан (last pull)", office.lastPullAt.map({ HumanTime.iso(millis: $0) }) ?? "—"),
            ("Сүүлд холбогдсон хаяг (last seen from)", office.lastAddress ?? "—"),
            ("Төвд хүлээгдэж буй (waiting at hub)", String(office.waitingAtHub)),
            ("Албанд илгээгээгүй (unsent at office)", office.pendingCount.map(String.init) ?? "?"),
            ("Төвд хүрсэн / бичсэн (writes at hub / written)", "\(office.deliveredThrough) / \(office.latestCounter)"),
            ("Зөрчил (open conflicts)", String(office.openConflicts)),
            ("Татгалзсан (refused writes)", String(office.refusedTotal)),
            ("Хугацаа хэтэрсэн (overdue)", String(office.overdue)),
            ("Хувилбар (software)", office.softwareVersion ?? "?"),
            ("Цаг зөрүү (clock ahead)", office.clockAheadMillis.map { "+\($0 / 1000) s" } ?? "—"),
            ("Хүлээн авсан / илгээсэн бичлэг (records in / out)", "\(office.recordsIn) / \(office.recordsOut)"),
            ("Хүлээн авсан / илгээсэн байт (bytes in / out)", "\(office.bytesIn) / \(office.bytesOut)"),
        ]
        body += "<table id=\"facts\"><tbody>\n"
        for (label, value) in facts {
            body += "<tr><th>\(HTML.escape(label))</th><td>\(HTML.escape(value))</td></tr>\n"
        }
        body += "</tbody></table>\n<h2>Сүүлийн солилцоо (recent sync history)</h2>\n<table id=\"history\">\n"
        body += "<thead><tr><th>Хэзээ (when)</th><th>Төрөл (kind)</th><th>Бичлэг (records)</th><th>Татгалзсан (refused)</th><th>Байт орсон / гарсан (bytes in / out)</th><th>Хугацаа (ms)</th><th>Хаяг (from)</th></tr></thead><tbody>\n"
        for event in history {
            let kind = event.kind == .push ? "илгээсэн (push)" : "татсан (pull)"
            body += "<tr><td>\(HTML.escape(HumanTime.iso(millis: event.at)))</td><td>\(kind)</td><td class=\"num\">\(event.records)</td><td class=\"num\">\(event.refused)</td><td class=\"num\">\(event.bytesIn) / \(event.bytesOut)</td><td class=\"num\">\(event.durationMillis)</td><td>\(HTML.escape(event.client ?? "—"))</td></tr>\n"
        }
        if history.isEmpty { body += "<tr><td colspan=\"7\">хоосон (none yet)</td></tr>\n" }
        body += "</tbody></table>\n"
        return HTML.page(title: "\(office.id) — \(hub)", refresh: DashboardPage.refreshSeconds, body: body)
    }
}
