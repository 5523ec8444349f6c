/// One period a recurring benefit is paid for: a month (`2026-11`), a quarter
/// (`2026-Q4`), a half-year (`2026-H2`) or a year (`2026`), following the service's
/// `Period`. A one-off payment is named by the month it was paid in.
public struct PaymentPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// How often; never `.once` (a one-off is recorded as the month it was paid in).
    public let frequency: Period
    public let year: Int
    /// Month 1-12, quarter 1-4, half 1-2, or 1 for a year.
    public let index: Int

    init(unchecked frequency: Period, year: Int, index: Int) {
        self.frequency = frequency
        self.year = year
        self.index = index
    }

    /// Months in one period.
    static func months(_ frequency: Period) -> Int {
        switch frequency {
        case .once, .monthly: 1
        case .quarterly: 3
        case .halfYearly: 6
        case .yearly: 12
        }
    }

    /// The form of a period, for messages: `2026-11`, `2026-Q4`, `2026-H2`, `2026`.
    public static func example(_ frequency: Period, year: Int = 2026) -> String {
        switch frequency {
        case .once, .monthly: "\(year)-11"
        case .quarterly: "\(year)-Q4"
        case .halfYearly: "\(year)-H2"
        case .yearly: "\(year)"
        }
    }

    /// The text as people write it, upper-case `Q` and `H`.
    public var text: String {
        switch frequency {
        case .once, .monthly: "\(year)-" + (index < 10 ? "0\(index)" : "\(index)")
        case .quarterly: "\(year)-Q\(index)"
        case .halfYearly: "\(year)-H\(index)"
        case .yearly: "\(year)"
        }
    }

    public var description: String { text }

    /// Parses `text` as a period of `frequency` (case-insensitive `q`, `h`); nil when the
    /// text is not of that form. A one-off service takes a month.
    public init?(_ text: String, frequency: Period) {
        let frequency = frequency == .once ? .monthly : frequency
        let upper = text.uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func digits(_ s: String, count: Int) -> Int? {
            guard s.count == count, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        guard let year = parts.first.flatMap({ digits($0, count: 4) }), year >= 1 else { return nil }
        switch frequency {
        case .yearly:
            guard parts.count == 1 else { return nil }
            self.init(unchecked: .yearly, year: year, index: 1)
        case .monthly, .once:
            guard parts.count == 2, let month = digits(parts[1], count: 2), (1...12).contains(month) else { return nil }
            self.init(unchecked: .monthly, year: year, index: month)
        case .quarterly, .halfYearly:
            let letter: Character = frequency == .quarterly ? "Q" : "H"
            let last = frequency == .quarterly ? 4 : 2
            guard parts.count == 2, parts[1].count == 2, parts[1].first == letter,
                  let n = parts[1].last?.wholeNumberValue, (1...last).contains(n) else { return nil }
            self.init(unchecked: frequency, year: year, index: n)
        }
    }

    /// The period of `frequency` that holds `date`.
    public static func containing(_ date: CivilDate, frequency: Period) -> PaymentPeriod {
        let months = months(frequency)
        let kind: Period = frequency == .once ? .monthly : frequency
        return PaymentPeriod(unchecked: kind, year: date.year, index: (date.month - 1) / months + 1)
    }

    /// The first day of the period.
    public var start: CivilDate {
        CivilDate(unchecked: year, (index - 1) * Self.months(frequency) + 1, 1)
    }

    /// The last day of the period.
    public var end: CivilDate {
        let lastMonth = index * Self.months(frequency)
        return CivilDate(unchecked: year, lastMonth, CivilDate.daysIn(month: lastMonth, year: year))
    }

    /// The period right after this one.
    public var next: PaymentPeriod {
        let count = 12 / Self.months(frequency)
        return index == count
            ? PaymentPeriod(unchecked: frequency, year: year + 1, index: 1)
            : PaymentPeriod(unchecked: frequency, year: year, index: index + 1)
    }

    /// The period right before this one.
    public var previous: PaymentPeriod {
        index == 1
            ? PaymentPeriod(unchecked: frequency, year: year - 1, index: 12 / Self.months(frequency))
            : PaymentPeriod(unchecked: frequency, year: year, index: index - 1)
    }

    /// A field name of its own per period (`payment_2026-q4`), so two payments recorded
    /// apart never overwrite each other when they merge.
    public var fieldName: String { PaymentFields.prefix + text.lowercased() }

    public static func < (a: PaymentPeriod, b: PaymentPeriod) -> Bool { a.start < b.start }
}

/// The fields a recorded payment lives in: one per period, written only by the hub.
public enum PaymentFields {
    /// `payment_<period>`: hub authority (FieldPolicies), so an office cannot forge one.
    public static let prefix = "payment_"

    public static func isPayment(_ field: String) -> Bool {
        field.utf8.count > prefix.utf8.count && field.utf8.starts(with: prefix.utf8)
    }
}

/// One payment as the hub recorded it: the period paid for, the amount and the day
/// the money went out. Stored as `"<MNT> <YYYY-MM-DD>"` in the period's own field.
public struct RecordedPayment: Sendable, Equatable, Codable {
    public let period: String
    public let amount: Int
    public let paidOn: CivilDate

    public init(period: String, amount: Int, paidOn: CivilDate) {
        self.period = period
        self.amount = amount
        self.paidOn = paidOn
    }

    public var fieldValue: String { "\(amount) \(paidOn.iso)" }

    /// The payments in a case's values, by period. A value that does not parse (an
    /// empty one clears a payment) is no payment.
    public static func all(in values: [String: String], frequency: Period) -> [RecordedPayment] {
        values.compactMap { field, value -> RecordedPayment? in
            guard PaymentFields.isPayment(field) else { return nil }
            let parts = value.split(separator: " ")
            guard parts.count == 2, let amount = Int(parts[0]), let date = CivilDate(iso: String(parts[1])) else { return nil }
            let name = String(field.dropFirst(PaymentFields.prefix.count))
            let period = PaymentPeriod(name, frequency: frequency)?.text ?? name
            return RecordedPayment(period: period, amount: amount, paidOn: date)
        }
        .sorted { ($0.period, $0.paidOn) < ($1.period, $1.paidOn) }
    }
}
