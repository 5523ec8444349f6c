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
    public let effectiveFrom: CivilDate
    /// The resolution that set it.
    public let resolution: String
    /// Paid for each child (twins, triplets), not once per case.
    public let perChild: Bool

    public init(amount: Int, period: Period, effectiveFrom: CivilDate, resolution: String, perChild: Bool = false) {
        self.amount = amount
        self.period = period
        self.effectiveFrom = effectiveFrom
        self.resolution = resolution
        self.perChild = perChild
    }
}
