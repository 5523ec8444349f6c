import SyncModel

/// The care case's life after placement on its page: the current facility, the
/// pension with its split, and every event in order, in Mongolian with the English.
/// Recorded mostly by the district: the soum sees it after its next sync.
enum CareHistoryCard {
    static func render(_ values: [String: String]) -> String {
        let history = CareHistory(values: values)
        guard !history.isEmpty else { return "" }
        let (service, birth) = CareText.context(values)
        var html = "<div class=\"card\" id=\"care-history\"><strong>Асрамжийн түүх (care after placement)</strong><dl>"
        if let facility = history.currentFacility {
            let label = history.leaving == nil ? "Асрамжийн газар (facility)" : "Сүүлийн асрамжийн газар (last facility)"
            html += "<dt>\(e(label))</dt><dd id=\"care-facility\">\(e(facility))</dd>"
        }
        if let leaving = history.leaving {
            html += "<dt>Асрамжаас гарсан (left care)</dt><dd id=\"care-leaving\">\(e(leaving.date.iso)) · \(e(CareText.facts(leaving, service: service, birthDate: birth)))</dd>"
        }
        if let pension = history.pension {
            html += "<dt>Асруулагчийн тэтгэвэр (pension)</dt><dd id=\"care-pension\">\(e(CareText.facts(pension, service: service, birthDate: birth)))</dd>"
        }
        html += "</dl><ol id=\"care-events\">"
        for event in history.events {
            html += "<li class=\"care-\(e(event.kind.rawValue))\"><span class=\"muted\">\(e(event.date.iso))</span> "
            html += "<strong>\(e(event.kind.label.description))</strong>: \(e(CareText.facts(event, service: service, birthDate: birth)))</li>"
        }
        return html + "</ol></div>"
    }
}
