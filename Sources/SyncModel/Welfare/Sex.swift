/// A person's sex as the civil register records it (the register number's ninth
/// digit: odd for men, even for women).
public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female

    /// The Mongolian label: Эрэгтэй / Эмэгтэй.
    public var mongolian: String {
        switch self {
        case .male: "Эрэгтэй"
        case .female: "Эмэгтэй"
        }
    }

    public var english: String { rawValue }
}

extension RegisterNumber {
    /// The birth date in the register number (validated when it was parsed).
    public var birthDate: CivilDate { CivilDate(unchecked: birthYear, birthMonth, birthDay) }

    public var sex: Sex { isMale ? .male : .female }
}
