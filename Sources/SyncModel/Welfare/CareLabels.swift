/// The terms of life after placement (shared/seeds/004_708948af4441f04f.txt): the
/// breaches a disciplinary measure answers, every way a resident leaves care, what a
/// leaving resident is given, and what each kind of event is called.
public enum CareLabels {
    /// The breaches of the facility's internal rules a measure answers ("гэмт хэрэг
    /// үйлдэх, ёс суртахууны доголдол гаргах, архи уух, чөлөөний хугацааг хэтрүүлэх,
    /// чөлөөгүй явах зэрэг асрамжийн газрын дотоод журмыг зөрчвөл"), in the source's words.
    public static let disciplinaryGrounds: [Label] = [
        Label(id: "crime", mongolian: "Гэмт хэрэг үйлдэх", english: "committing a crime"),
        Label(id: "moral_misconduct", mongolian: "Ёс суртахууны доголдол гаргах", english: "moral misconduct"),
        Label(id: "drinking", mongolian: "Архи уух", english: "drinking alcohol"),
        Label(id: "overstayed_leave", mongolian: "Чөлөөний хугацааг хэтрүүлэх", english: "overstaying a leave of absence"),
        Label(id: "left_without_permission", mongolian: "Чөлөөгүй явах", english: "leaving without permission"),
        // MY READING: the source's list ends in "зэрэг" (such as): other breaches of the
        // internal rules are grounds too, recorded under this one with a note.
        Label(id: "other_internal_rule_breach", mongolian: "Асрамжийн газрын дотоод журмыг зөрчсөн бусад",
              english: "another breach of the facility's internal rules"),
    ]

    /// The fourth disciplinary measure: it ends the care, so it is recorded by leaving.
    public static let dischargeByOrder = "discharge_by_order"

    /// Every way a resident leaves care: the 7 grounds of the source, then the
    /// resident's own request, the director's order and death.
    public static let leavingWays: [Label] = SpecializedCare.dischargeReasons + [
        Label(
            id: "own_request",
            mongolian: "Өөрийн хүсэлтээр гэрээг цуцлан нийгэм хамт олны дунд амьдрахаар буцах",
            english: "the resident ends the contract at their own request and returns to live in the community"),
        SpecializedCare.disciplinaryMeasures.first { $0.id == dischargeByOrder }!,
        // MY READING: the source does not name death among the ways of leaving; the
        // care ends with it all the same, and no leaving costs are paid.
        Label(id: "death", mongolian: "Нас барсан", english: "the resident died"),
    ]

    public static func leavingWay(_ id: String) -> Label? { leavingWays.first { $0.id == id } }
    public static func measure(_ id: String) -> Label? { SpecializedCare.disciplinaryMeasures.first { $0.id == id } }
    public static func ground(_ id: String) -> Label? { disciplinaryGrounds.first { $0.id == id } }

    /// What a leaving resident is given ("Асрамжийн газраас гарч байгаа иргэнд түүний
    /// хэрэглэж байсан хувцас, хэрэглэлийг өгч аймаг, нийслэл, сум хүртэлх унааны
    /// зардлыг олгоно"; the source's "нйислэл" is a typo).
    /// MY READING: the clothes and belongings are recorded by their value in MNT, so
    /// both leaving costs are amounts.
    public static let leavingClothes = Label(
        id: "clothes", mongolian: "Хэрэглэж байсан хувцас, хэрэглэл",
        english: "the clothes and belongings the resident used, value in MNT")
    public static let leavingTravel = Label(
        id: "travel", mongolian: "Аймаг, нийслэл, сум хүртэлх унааны зардал",
        english: "travel costs to the aimag, the capital or the soum, MNT")
}
