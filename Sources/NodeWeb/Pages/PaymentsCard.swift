import WebAccess
import SyncModel

/// The payments card of a cash benefit's case page: how often it is paid, the periods
/// the district has paid with their amounts, the next period due and when the facts end
/// the benefit. Nothing for a case not paid in cash, or not yet decided.
enum PaymentsCard {
    static func html(_ values: [String: String], today: CivilDate) -> String {
        guard let schedule = PaymentSchedule(values: values), schedule.approved else { return "" }
        var html = "<div class=\"card\" id=\"payments\"><strong>Олголт (payments)</strong><dl>"
        html += "<dt>Олгох давтамж (paid)</dt><dd>\(e(schedule.frequency.mongolian))</dd>"
        if let next = schedule.nextDue {
            html += "<dt>Дараагийн олголт (next due)</dt><dd id=\"next-due\">\(e(next.text))</dd>"
        }
        if let ending = schedule.ending {
            html += "<dt>Дуусах өдөр (ends on)</dt><dd id=\"ends-on\">\(e(ending.endsOn.iso)) — \(e(ending.reason))</dd>"
            if schedule.isDueToClose(today: today) {
                html += "<dd class=\"warn\" id=\"to-close\">Тэтгэмж дууссан: аймаг, дүүрэг хэргийг хаана (the benefit has ended: the district closes the case)</dd>"
            }
        }
        html += "</dl>"
        if schedule.payments.isEmpty {
            html += "<p class=\"muted\">Олголт бүртгэгдээгүй (no payment recorded yet)</p>"
        } else {
            html += "<table id=\"paid-periods\"><thead><tr><th>Үе (period)</th><th>Дүн (amount)</th><th>Олгосон өдөр (paid on)</th></tr></thead><tbody>"
            for payment in schedule.payments {
                html += "<tr><td>\(e(payment.period))</td><td>\(WebText.groupedDigits(payment.amount)) ₮</td><td>\(e(payment.paidOn.iso))</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</div>"
    }
}
