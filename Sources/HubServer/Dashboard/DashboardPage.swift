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
            "Хугацаа хэтэрсэн (overdue)", "Хувилбар, цаг (version, clock)",
        ]
        body += headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for office in status.offices {
            body += row(office, now: now)
        }
        body += "</tbody></table>\n"
        if status.offices.isEmpty {
            body += "<p>Алба бүртгэгдээгүй байна (no offices yet): halamj-hub office add &lt;office-id&gt;</p>\n"
        }
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
            (HTML.escape((office.softwareVersion ?? "?") + (office.clockAheadMillis.map { ", +\($0 / 3_600_000) цаг (h ahead)" } ?? "")), false),
        ]
        return "<tr class=\"state-\(office.state.rawValue)\" data-office=\"\(HTML.escape(office.id))\">"
            + cells.map { $0.1 ? "<td class=\"num\">\($0.0)</td>" : "<td>\($0.0)</td>" }.joined() + "</tr>\n"
    }
}
