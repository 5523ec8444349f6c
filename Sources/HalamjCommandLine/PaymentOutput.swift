import CaseBooks
import SyncModel

/// The payments of a cash benefit in `case show` (hub and node): how often it is paid,
/// each period paid with its amount, the next period due and when the facts end it.
public enum PaymentOutput {
    /// Labelled lines for `CaseOutput.detail`; none for a case not paid in cash.
    public static func rows(_ view: CaseView) -> [(label: String, value: String)] {
        guard let schedule = PaymentSchedule(values: view.values) else { return [] }
        var rows: [(label: String, value: String)] = [
            ("Олгох давтамж (paid)", "\(schedule.frequency.mongolian) (\(schedule.frequency.rawValue))"),
        ]
        if schedule.payments.isEmpty {
            rows.append(("Олгосон (paid periods)", "олгоогүй (none yet)"))
        }
        for payment in schedule.payments {
            rows.append(("Олгосон \(payment.period)", "\(mnt(payment.amount)) ₮, \(payment.paidOn.iso)"))
        }
        if schedule.payments.count > 1 {
            rows.append(("Нийт олгосон (paid in total)", "\(mnt(schedule.paidTotal)) ₮"))
        }
        if let next = schedule.nextDue {
            rows.append(("Дараагийн олголт (next due)", next.text))
        } else if schedule.isPayable {
            rows.append(("Дараагийн олголт (next due)", schedule.isOneOff ? "нэг удаа олгосон (paid once)" : "үгүй: тэтгэмж дууссан (none: the benefit has ended)"))
        }
        if let ending = schedule.ending {
            rows.append(("Дуусах өдөр (ends on)", "\(ending.endsOn.iso) — \(ending.reason)"))
        }
        return rows
    }

    /// `1234567` -> `1,234,567`.
    public static func mnt(_ amount: Int) -> String {
        let digits = String(amount.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (amount < 0 ? "-" : "") + out
    }
}
