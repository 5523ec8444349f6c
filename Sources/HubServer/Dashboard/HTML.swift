import HalamjHTTP

/// Text made safe to put in HTML, and the page frame every dashboard page shares:
/// no scripts, no external assets, Mongolian first.
enum HTML {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static let style = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;margin:12px;color:#1d2330;background:#fafbfc}
        h1{font-size:18px;margin:0 0 4px}
        h2{font-size:15px;margin:16px 0 6px}
        p.meta{color:#555;margin:0 0 10px}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border:1px solid #d5d9e0;padding:4px 6px;text-align:left;vertical-align:top}
        th{background:#eef1f5;font-weight:600;font-size:12px}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .badge{display:inline-block;padding:1px 6px;border-radius:3px;font-weight:600;white-space:nowrap}
        .state-silent .badge{background:#c62828;color:#fff}
        .state-never .badge{background:#6d4c41;color:#fff}
        .state-attention .badge{background:#f9a825;color:#1d2330}
        .state-healthy .badge{background:#2e7d32;color:#fff}
        tr.state-silent td{background:#fdecea}
        tr.state-never td{background:#f3ece9}
        tr.state-attention td{background:#fff8e1}
        .summary span{margin-right:14px}
        .why{color:#444;font-size:12px}
        a{color:#0b57d0}
        """

    /// A whole page; `refresh` reloads it every so many seconds.
    static func page(title: String, refresh: Int?, body: String) -> String {
        var head = "<!doctype html>\n<html lang=\"mn\"><head><meta charset=\"utf-8\">"
        head += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        if let refresh { head += "<meta http-equiv=\"refresh\" content=\"\(refresh)\">" }
        head += "<title>\(escape(title))</title><style>\(style)</style></head>\n<body>\n"
        return head + body + "\n</body></html>\n"
    }
}
