/// What eligibility needs to know about an applicant. Every optional fact defaults to
/// "not the case".
public struct ApplicantFacts: Sendable, Equatable {
    public var birthDate: CivilDate
    public var sex: Sex
    /// Of short stature (одой).
    public var shortStature = false
    /// Loss of work capacity in percent as the medical and labour commission set it;
    /// nil when no disability is recorded.
    public var workCapacityLossPercent: Int? = nil
    /// A child whose breadwinner died (тэжээгч нь нас барсан).
    public var lostBreadwinner = false
    /// How many children under 18 the applicant raises.
    public var childrenUnder18 = 0
    /// Heads a household alone (өрх толгойлсон эх, эцэг).
    public var isSingleParent = false
    /// Birth dates of the applicant's children, for the child-age rules (child care
    /// 0-3, twins, triplets under 4).
    public var childBirthDates: [CivilDate] = []
    /// The month of pregnancy (1-10), nil when not pregnant.
    public var pregnancyMonth: Int? = nil
    /// The Mother's Glory order held (1 or 2), nil when none.
    public var mothersGloryOrder: Int? = nil
    /// Entitled to a pension under the social insurance law: then the social welfare
    /// pension is not paid (the source: "Нийгмийн даатгалын тухай хуулийн дагуу
    /// тэтгэвэр авах эрх үүсээгүй ... иргэн").
    public var hasInsurancePension = false

    public init(birthDate: CivilDate, sex: Sex) {
        self.birthDate = birthDate
        self.sex = sex
    }

    /// Birth date and sex from a register number.
    public init(registerNumber: RegisterNumber) {
        self.init(birthDate: registerNumber.birthDate, sex: registerNumber.sex)
    }

    public func age(on date: CivilDate) -> Int { birthDate.age(on: date) }
}
