import SyncModel

/// `GET /`: one row per office, worst first, state in colour and in words.
enum DashboardPage {
    static let refreshSeconds = 30

    static func render(_ status: HubStatus) -> String {
        let now = status.generatedAt
        var body = "<h1>Халамж — \(HTML.escape(status.hub)): албадын солилцоо (offices' sync health)</h1>\n"
        body += "<p class=\"meta\">\(HumanTime.iso(millis: now)) · \(status.silentAfterSeconds / 3_600) цаг холбогдоогүй бол чимээгүй (silent after \(status.silentAfterSeconds / 3_600) h) · \(refreshSeconds) секунд тутам шинэчилнэ (refreshes every \(refreshSeconds) s)</p>\n"
        body += "<p class=\"summary\">"
        for state in OfficeHealth.State.allCases.sorted(by: { $0.severity < $1.severity }) {
            body += "<span class=\"state-\(state.rawValue)\"><span class=\"badge\">\(HTML.escape(state.label))</span> \(status.counts[state.rawValue] ?? 0)</span>"
        }
        body += "</p>\n"
        body += versions(status.offices)
        body += "<table id=\"offices\">\n<thead><tr>"
        let headers = [
            "Төлөв (state)", "Алба (office)", "Сүүлд холбогдсон (last contact)", "Илгээсэн / татсан (push / pull)",
            "Төвд хүлээгдэж буй (waiting at hub)", "Албанд илгээгээгүй (unsent at office)", "Хамгийн хуучин (oldest unsent)",
            "Төвд хүрсэн / бичсэн (at hub / written)", "Зөрчил (conflicts)", "Татгалзсан (refused)",
            "Хугацаа хэтэрсэн (overdue)", "Скан хүлээгдэж буй (scans waiting)", "Хувилбар, цаг (version, clock)",
        ]
        body += headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for office in status.offices {
            body += row(office, now: now)
        }
        body += "</tbody></table>\n"
        if status.offices.isEmpty && status.districts.isEmpty {
            body += "<p>Алба бүртгэгдээгүй байна (no offices yet): halamj-hub office add &lt;office-id&gt;</p>\n"
        }
        if !status.districts.isEmpty { body += districts(status.districts, now: now) }
        if let upstream = status.upstream { body += self.upstream(upstream, now: now) }
        return HTML.page(title: "Халамж — \(status.hub)", refresh: refreshSeconds, body: body)
    }

    /// Which release each office runs, as it last said (oldest first): during an upgrade,
    /// who has not moved yet. One line, with the offices of each version.
    static func versions(_ offices: [OfficeHealth]) -> String {
        let byVersion = Dictionary(grouping: offices, by: { $0.softwareVersion ?? "?" })
        guard !byVersion.isEmpty else { return "" }
        let parts = byVersion.keys.sorted(by: Self.olderVersionFirst).map { version in
            let ids = byVersion[version]!.map(\.id).sorted()
            return "<span class=\"version\" title=\"\(HTML.escape(ids.joined(separator: ", ")))\">\(HTML.escape(version)): \(ids.count)</span>"
        }
        return "<p class=\"versions\">Хувилбар (versions): " + parts.joined(separator: " · ") + "</p>\n"
    }

    /// 0.9.0 before 0.10.0; "?" (never said) first.
    static func olderVersionFirst(_ a: String, _ b: String) -> Bool {
        let parse = { (text: String) in text.split(separator: ".").map { Int($0) ?? -1 } }
        return parse(a).lexicographicallyPrecedes(parse(b))
    }

    static func row(_ office: OfficeHealth, now: Int64) -> String {
        func ago(_ millis: Int64?) -> String {
            millis.map { HumanTime.ago(seconds: Int(max(0, now - $0) / 1000)) } ?? "—"
        }
        let cells: [(String, Bool)] = [
            ("<span class=\"badge\">● \(HTML.escape(office.stateLabel))</span>"
                + (office.reasons.isEmpty ? "" : "<div class=\"why\">\(HTML.escape(office.reasons.joined(separator: "; ")))</div>"), false),
            ("<a href=\"/office/\(HTML.escape(office.id))\">\(HTML.escape(office.id))</a>", false),
            (HTML.escape(ago(office.lastContactAt)), false),
            (HTML.escape("\(ago(office.lastPushAt)) / \(ago(office.lastPullAt))"), false),
            (String(office.waitingAtHub), true),
            (office.pendingCount.map(String.init) ?? "?", true),
            (HTML.escape(office.oldestPendingSeconds.map { HumanTime.duration(seconds: $0) } ?? "—"), false),
            ("\(office.deliveredThrough) / \(office.latestCounter)", true),
            (String(office.openConflicts), true),
            (String(office.refusedTotal), true),
            (String(office.overdue), true),
            (HTML.escape(office.filesWaiting.short), true),
            (HTML.escape((office.softwareVersion ?? "?") + (office.clockAheadMillis.map { ", +\($0 / 3_600_000) цаг (h ahead)" } ?? "")), false),
        ]
        return "<tr class=\"state-\(office.state.rawValue)\" data-office=\"\(HTML.escape(office.id))\">"
            + cells.map { $0.1 ? "<td class=\"num\">\($0.0)</td>" : "<td>\($0.0)</td>" }.joined() + "</tr>\n"
    }

    /// A national hub's district hubs, worst first, each followed by the offices it last
    /// reported (as it saw them, and when): a silent district and a silent soum both show.
    static func districts(_ districts: [DistrictHealth], now: Int64) -> String {
        func ago(_ millis: Int64?) -> String {
            millis.map { HumanTime.ago(seconds: Int(max(0, now - $0) / 1000)) } ?? "—"
        }
        var html = "<h2>Дүүрэг, аймгийн төвүүд (district hubs) ба тэдний албад (and their offices)</h2>\n<table id=\"districts\">\n<thead><tr>"
        let headers = [
            "Төлөв (state)", "Төв / алба (hub / office)", "Сүүлд холбогдсон (last contact)", "Илгээсэн / татсан (push / pull)",
            "Төвд хүлээгдэж буй (waiting at hub)", "Илгээгээгүй (unsent)", "Зөрчил (conflicts)", "Хугацаа хэтэрсэн (overdue)",
            "Мэдээлсэн (reported)",
        ]
        html += headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for district in districts {
            let health = district.health
            let name = district.name.isEmpty ? "" : " — " + HTML.escape(district.name)
            html += "<tr class=\"state-\(health.state.rawValue) district\" data-district=\"\(HTML.escape(health.id))\">"
            html += "<td><span class=\"badge\">● \(HTML.escape(health.stateLabel))</span>"
                + (health.reasons.isEmpty ? "" : "<div class=\"why\">\(HTML.escape(health.reasons.joined(separator: "; ")))</div>") + "</td>"
            html += "<td><strong>\(HTML.escape(health.id))</strong>\(name)</td><td>\(HTML.escape(ago(health.lastContactAt)))</td>"
            html += "<td>\(HTML.escape("\(ago(health.lastPushAt)) / \(ago(health.lastPullAt))"))</td>"
            html += "<td class=\"num\">\(health.waitingAtHub)</td><td class=\"num\">\(health.pendingCount.map(String.init) ?? "?")</td>"
            html += "<td class=\"num\">\(health.openConflicts)</td><td class=\"num\">\(health.overdue)</td>"
            html += "<td>\(HTML.escape(ago(district.reportedAt)))</td></tr>\n"
            for office in district.offices {
                let state = OfficeHealth.State(rawValue: office.state)?.rawValue ?? "attention"
                html += "<tr class=\"state-\(state) reported\" data-office=\"\(HTML.escape(office.office))\">"
                html += "<td><span class=\"badge\">● \(HTML.escape(office.stateLabel))</span>"
                    + (office.reasons.isEmpty ? "" : "<div class=\"why\">\(HTML.escape(office.reasons))</div>") + "</td>"
                html += "<td>└ \(HTML.escape(office.office))\(office.revoked ? " (токен хүчингүй, revoked)" : "")</td>"
                html += "<td>\(HTML.escape(ago(office.lastContactAt)))</td><td></td>"
                html += "<td class=\"num\">\(office.waitingAtHub)</td><td class=\"num\">\(office.pendingAtNode.map(String.init) ?? "?")</td>"
                html += "<td class=\"num\">\(office.openConflicts)</td><td class=\"num\">\(office.overdue)</td>"
                html += "<td>\(HTML.escape(ago(office.reportedAt)))</td></tr>\n"
            }
        }
        return html + "</tbody></table>\n"
    }

    /// A district hub's sync with the national hub above it.
    static func upstream(_ upstream: UpstreamHealth, now: Int64) -> String {
        let last = upstream.lastSyncAt.map { HumanTime.ago(seconds: Int(max(0, now - $0) / 1000)) } ?? "хэзээ ч (never)"
        var html = "<p class=\"meta\" id=\"upstream\">Дээд төв (upstream) \(HTML.escape(upstream.url)): сүүлд солилцсон (last synced) \(HTML.escape(last)); илгээгээгүй (unsent) \(upstream.pendingCount)"
        if let error = upstream.lastSyncError { html += "; алдаа (last error): \(HTML.escape(error))" }
        return html + "</p>\n"
    }
}
