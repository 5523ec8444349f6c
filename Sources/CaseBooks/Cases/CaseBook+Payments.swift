import SyncModel
import ReplicaStorage

/// A case whose benefit the facts have ended while it is still approved or paid: the
/// district closes it (`case status <n> closed`); nothing closes it by itself.
public struct CaseToClose: Sendable, Equatable, Codable {
    public let number: String
    public let office: String
    public let service: String
    public let status: String
    public let name: String
    public let registerNumber: String
    public let endsOn: CivilDate
    public let reason: String
    /// Days since the end (0 on the day itself).
    public let daysPast: Int
    /// The last period paid, if any.
    public let lastPaid: String?
}

extension CaseBook {
    /// Records at the hub that `period` of a case's benefit was paid: `amount` (default:
    /// the amounts table for the service, the applicant's facts and the period's start)
    /// on `paidOn` (default: today in the hub's calendar). Each period is a field of its
    /// own, so no payment overwrites another. The first payment moves an approved case to
    /// `paid`. `period` may be left out for a one-off: the month it is paid in.
    public func pay(
        _ number: String, period text: String?, amount: Int? = nil, paidOn: CivilDate? = nil,
        now: Int64 = Clock.nowMillis()
    ) throws -> (view: CaseView, payment: RecordedPayment) {
        guard isHub else { throw CaseError.notAHub("records payments") }
        let today = try store.localDate(now)
        let day = paidOn ?? today
        guard day <= today else {
            throw CaseError.invalidValue(field: "date", reason: "олгосон өдөр ирээдүйд байж болохгүй (the day paid cannot be after today, \(today.iso))")
        }
        if let amount, amount < 0 {
            throw CaseError.invalidValue(field: "amount", reason: "дүн 0-ээс бага байж болохгүй (an amount is ≥ 0 MNT)")
        }
        var recorded: RecordedPayment?
        let view = try step(number, now: now) { stored, service in
            guard let schedule = PaymentSchedule(values: stored.record.currentValues) else {
                throw CaseError.transition(
                    "\(service.mongolianName) мөнгөөр олгохгүй: асрамжид байршуулна (\(service.rawValue) is care in kind: the case is placed, not paid)")
            }
            if text == nil && !schedule.isOneOff {
                throw CaseError.invalidValue(field: "period", reason: "үеийг заана уу, жишээ нь \(PaymentPeriod.example(schedule.frequency)) (give the period, e.g. \(PaymentPeriod.example(schedule.frequency)))")
            }
            let period: PaymentPeriod
            switch schedule.period(text ?? PaymentPeriod.containing(day, frequency: .once).text) {
            case .success(let found): period = found
            case .failure(let refusal): throw CaseError.transition(refusal.description)
            }
            guard let sum = amount ?? schedule.tableAmount(for: period) else {
                throw CaseError.invalidValue(field: "amount", reason: "дүнгийн хүснэгтэд \(period.text) үеийн дүн алга: --amount өгнө үү (the amounts table has no amount for \(period.text); give --amount)")
            }
            let payment = RecordedPayment(period: period.text, amount: sum, paidOn: day)
            recorded = payment
            var changes = [period.fieldName: payment.fieldValue]
            if stored.record.value(CaseFields.status) == "approved" {
                try checkTransition(service, from: "approved", to: "paid")
                changes[CaseFields.status] = "paid"
            }
            return changes
        }
        return (view, recorded!)
    }

    /// Approved or paid cases whose benefit ended on or before `today` (the hub's or
    /// office's calendar), the longest ended first. Reads only the cases the due-day
    /// index names.
    public func toClose(today: CivilDate, office: String? = nil) throws -> [CaseToClose] {
        let due = try store.read { try $0.casesDue(before: today.dayNumber + 1, office: office) }
        return due.map(CaseView.init).compactMap { view -> CaseToClose? in
            guard !view.isDeleted, let schedule = PaymentSchedule(values: view.values),
                  schedule.isDueToClose(today: today), let ending = schedule.ending else { return nil }
            return CaseToClose(
                number: view.number, office: view.office, service: schedule.service.rawValue, status: schedule.status,
                name: view.values[CaseFields.name] ?? "", registerNumber: view.values[CaseFields.registerNumber] ?? "",
                endsOn: ending.endsOn, reason: ending.reason, daysPast: ending.endsOn.days(until: today),
                lastPaid: schedule.payments.last?.period)
        }
        .sorted { ($1.daysPast, $0.number) < ($0.daysPast, $1.number) }
    }
}
