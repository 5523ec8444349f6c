/// How often an amount is paid.
public enum Period: String, Sendable, Codable, CaseIterable {
    case once, monthly, quarterly, yearly, halfYearly

    public var mongolian: String {
        switch self {
        case .once: "нэг удаа"
        case .monthly: "сар бүр"
        case .quarterly: "улирал бүр"
        case .yearly: "жил бүр"
        case .halfYearly: "жилд хоёр удаа"
        }
    }
}

/// An amount in force from a date, by a resolution.
public struct AmountRule: Sendable, Equatable {
    /// MNT, per period (and per child when `perChild`).
    public let amount: Int
    public let period: Period
    /// The first day the amount is in force; nil when that day is not known. An
    /// undated amount applies on every date before the service's first dated one.
    public let effectiveFrom: CivilDate?
    /// The resolution that set it.
    public let resolution: String
    /// Paid for each child (twins, triplets), not once per case.
    public let perChild: Bool
    /// Whether the department has checked the amount, its first day and its resolution
    /// against the resolution itself. Workers see an unconfirmed amount marked so.
    public let confirmed: Bool

    public init(amount: Int, period: Period, effectiveFrom: CivilDate?, resolution: String, perChild: Bool = false,
                confirmed: Bool = false) {
        self.amount = amount
        self.period = period
        self.effectiveFrom = effectiveFrom
        self.resolution = resolution
        self.perChild = perChild
        self.confirmed = confirmed
    }

    /// Whether the rule is in force on `date` as far as its own start goes.
    public func started(by date: CivilDate) -> Bool {
        effectiveFrom.map { $0 <= date } ?? true
    }

    /// How an amount not checked against its resolution is marked wherever it is shown.
    public static let unconfirmedMark = "батлагдаагүй дүн (amount not confirmed)"
}
