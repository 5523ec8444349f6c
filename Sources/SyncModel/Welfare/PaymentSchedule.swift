/// A cash benefit's payments as a case records them: how often it is paid, the periods
/// paid, the next one due from the decree's date on, and when the facts end it. Built
/// from a case's current values alone, so the hub, the node and the web app show the same.
public struct PaymentSchedule: Sendable, Equatable {
    public let service: Service
    public let frequency: Period
    public let status: String
    /// The governor's decree date (decree_date), nil before a decision.
    public let decreeDate: CivilDate?
    public let approved: Bool
    public let payments: [RecordedPayment]
    public let ending: BenefitEnding?
    /// The applicant's facts, nil when the case's register number does not parse.
    public let facts: ApplicantFacts?

    /// How often a service is paid; nil for the specialized-care services, which are
    /// placements, not payments (care-triplets included: the case is placed, not paid).
    public static func frequency(of service: Service) -> Period? {
        guard !CaseTransitions.isCare(service) else { return nil }
        return Amounts.table.first { $0.service == service }?.rule.period
    }

    /// nil for a case whose service is unknown or is not paid in cash.
    public init?(values: [String: String]) {
        guard let service = values[CaseFields.service].flatMap(Service.init(rawValue:)),
              let frequency = Self.frequency(of: service) else { return nil }
        self.service = service
        self.frequency = frequency
        status = values[CaseFields.status] ?? CaseFields.initialStatus
        decreeDate = values[WorkflowFields.decreeDate].flatMap(CivilDate.init(iso:))
        approved = values[WorkflowFields.decision] == "approved"
        payments = RecordedPayment.all(in: values, frequency: frequency)
        if let rd = values[CaseFields.registerNumber].flatMap({ try? RegisterNumber.parse($0) }) {
            let facts = ApplicationForm.facts(rd, values)
            self.facts = facts
            ending = BenefitEnd.ending(service, facts: facts, values: values)
        } else {
            facts = nil
            ending = nil
        }
    }

    /// Whether the case is one the district pays now: approved, or paid at least once.
    public var isPayable: Bool { approved && (status == "approved" || status == "paid") }

    public var isOneOff: Bool { frequency == .once }

    /// The payment recorded for `period`, if any.
    public func payment(for period: PaymentPeriod) -> RecordedPayment? {
        payments.first { $0.period == period.text }
    }

    /// The first unpaid period from the one holding the decree's date on; nil before a
    /// decision, once a one-off is paid, and when the next would start after the end.
    public var nextDue: PaymentPeriod? {
        guard isPayable, let decreeDate else { return nil }
        if isOneOff { return payments.isEmpty ? PaymentPeriod.containing(decreeDate, frequency: .once) : nil }
        let paid = Set(payments.map(\.period))
        var period = PaymentPeriod.containing(decreeDate, frequency: frequency)
        while paid.contains(period.text) { period = period.next }
        if let ending, period.start >= ending.endsOn { return nil }
        return period
    }

    /// Whether the case waits to be closed on `today`: still approved or paid after the
    /// facts ended the benefit (the office's calendar day).
    public func isDueToClose(today: CivilDate) -> Bool {
        guard isPayable, let ending else { return false }
        return ending.endsOn <= today
    }

    /// The day an approved or paid case's benefit ends, for the due-day index (`CaseIndex`):
    /// the "to close" queue reads only the cases it names.
    public static func closingDay(_ record: Record) -> CivilDate? {
        guard let status = record.value(CaseFields.status), status == "approved" || status == "paid",
              let schedule = PaymentSchedule(values: record.currentValues), schedule.isPayable else { return nil }
        return schedule.ending?.endsOn
    }

    /// The period `text` names, in this service's form, or the reason it cannot be paid.
    public func period(_ text: String) -> Result<PaymentPeriod, PaymentRefusal> {
        guard let period = PaymentPeriod(text, frequency: frequency) else {
            return .failure(PaymentRefusal(bilingual(
                "Үе «\(text)» буруу: \(service.mongolianName) \(frequency.mongolian) олгоно, үе \(PaymentPeriod.example(frequency)) хэлбэртэй",
                "'\(text)' is not a period of \(service.rawValue), paid \(frequency.rawValue): write it like \(PaymentPeriod.example(frequency))")))
        }
        if let refusal = refusal(paying: period) { return .failure(refusal) }
        return .success(period)
    }

    /// nil when `period` may be paid; otherwise why not, Mongolian first.
    public func refusal(paying period: PaymentPeriod) -> PaymentRefusal? {
        guard isPayable, let decreeDate else {
            return PaymentRefusal(bilingual(
                "Олгохоор шийдвэрлээгүй хэрэгт олголт бүртгэхгүй (төлөв «\(Workflow.labels[status] ?? status)»)",
                "a payment is recorded only for an approved case; this one is '\(status)'"))
        }
        if isOneOff, let first = payments.first {
            return PaymentRefusal(bilingual(
                "\(service.mongolianName) нэг удаа олгоно: \(first.period)-д олгосон (\(first.paidOn.iso))",
                "\(service.rawValue) is paid once; it was paid for \(first.period) on \(first.paidOn.iso)"))
        }
        if let paid = payment(for: period) {
            return PaymentRefusal(bilingual(
                "\(period.text) үеийн олголт бүртгэгдсэн (\(paid.amount) ₮, \(paid.paidOn.iso))",
                "\(period.text) is already paid (\(paid.amount) MNT on \(paid.paidOn.iso))"))
        }
        if period.end < decreeDate {
            return PaymentRefusal(bilingual(
                "\(period.text) үе шийдвэрээс өмнө (захирамжийн огноо \(decreeDate.iso))",
                "\(period.text) is before the decision (decree date \(decreeDate.iso))"))
        }
        if let ending, period.start >= ending.endsOn {
            return PaymentRefusal(bilingual(
                "\(period.text) үе тэтгэмж дууссаны дараа: \(ending.endsOn.iso)-нд дуусна, \(ending.reason)",
                "\(period.text) is after the benefit ends on \(ending.endsOn.iso)"))
        }
        return nil
    }

    /// The amount for `period` from the amounts table (per child for twins), nil when the
    /// table has none (no facts for an age-bracketed amount, or before every row).
    public func tableAmount(for period: PaymentPeriod) -> Int? {
        // A one-off paid in the decree's month: the amount in force on the decree's day.
        var on = period.start
        if isOneOff, let decreeDate, decreeDate > on { on = decreeDate }
        guard let rule = Amounts.rule(for: service, facts: facts, on: on) else { return nil }
        guard rule.perChild else { return rule.amount }
        let children = facts.flatMap { Eligibility.largestMultipleBirth($0, on: on)?.count } ?? 1
        return rule.amount * max(children, 1)
    }

    /// Paid amounts in total.
    public var paidTotal: Int { payments.reduce(0) { $0 + $1.amount } }
}

/// Why a payment is not recorded: Mongolian first, the English in parentheses.
public struct PaymentRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
