/// The welfare services a case can be opened for (DESIGN §8), by their identifiers
/// on the wire and in the CLI, with the Mongolian name people know them by.
public enum Service: String, CaseIterable, Sendable, Codable {
    case pregnancyAllowance = "pregnancy-allowance"
    case childCareAllowance = "child-care-allowance"
    case twinsAllowance = "twins-allowance"
    case singleParentAllowance = "single-parent-allowance"
    case elderlyAgeGift = "elderly-age-gift"
    case mothersGlory1 = "mothers-glory-1"
    case mothersGlory2 = "mothers-glory-2"
    case careElderly = "care-elderly"
    case careDisabled = "care-disabled"
    case careChildren = "care-children"
    case careTriplets = "care-triplets"
    case welfarePension = "welfare-pension"

    /// The service's number in a hub's case index (`records.service`, `CaseIndex.serviceCode`):
    /// a byte where the id would take twenty, on every row of a country's cases. Stored in
    /// files, so a number once given is never given to another service.
    public var indexCode: Int {
        switch self {
        case .pregnancyAllowance: 1
        case .childCareAllowance: 2
        case .twinsAllowance: 3
        case .singleParentAllowance: 4
        case .elderlyAgeGift: 5
        case .mothersGlory1: 6
        case .mothersGlory2: 7
        case .careElderly: 8
        case .careDisabled: 9
        case .careChildren: 10
        case .careTriplets: 11
        case .welfarePension: 12
        }
    }

    /// The Mongolian name, whole, as the source documents give it (the e-welfare
    /// services as shared/seeds/000 lists them, specialized care as seeds/004 does).
    public var mongolianName: String {
        switch self {
        case .pregnancyAllowance: "Жирэмсэн эхийн тэтгэмж"
        case .childCareAllowance: "0-3 хүртэлх насны хүүхэд асарсны тэтгэмж"
        case .twinsAllowance: "Ихэр хүүхдийн тэтгэмж"
        case .singleParentAllowance: "0-18 хүртэлх насны 3 болон түүнээс дээш хүүхэдтэй өрх толгойлсон эх, эцгийн тэтгэмж"
        case .elderlyAgeGift: "Насны хишиг"
        // MY READING: the source names the two together, "Эхийн алдар 1 болон 2 дугаар
        // одонтой эхэд олгох мөнгөн тусламж"; each is that name for its own order.
        case .mothersGlory1: "Эхийн алдар 1 дүгээр одонтой эхэд олгох мөнгөн тусламж"
        case .mothersGlory2: "Эхийн алдар 2 дугаар одонтой эхэд олгох мөнгөн тусламж"
        case .careElderly: "Ахмад настны асрамжийн үйлчилгээ"
        case .careDisabled: "Хөгжлийн бэрхшээлтэй иргэний асрамжийн үйлчилгээ"
        case .careChildren: "Хүнд нөхцөлд байгаа 18 хүртэлх насны хүүхдийн асрамжийн үйлчилгээ"
        case .careTriplets: "3 ба түүнээс дээш ихэр хүүхдийн асрамжийн үйлчилгээ"
        case .welfarePension: "Нийгмийн халамжийн тэтгэвэр"
        }
    }

    public var englishName: String {
        switch self {
        case .pregnancyAllowance: "pregnancy allowance"
        case .childCareAllowance: "child care allowance (0-3)"
        case .twinsAllowance: "twins allowance"
        case .singleParentAllowance: "allowance for a single mother or father of 3 or more children aged 0-18"
        case .elderlyAgeGift: "elderly age gift"
        case .mothersGlory1: "cash help to mothers holding the Mother's Glory order 1"
        case .mothersGlory2: "cash help to mothers holding the Mother's Glory order 2"
        case .careElderly: "specialized care for the elderly"
        case .careDisabled: "specialized care for people with disabilities"
        case .careChildren: "specialized care for children under 18 in difficult circumstances"
        case .careTriplets: "specialized care for triplets and more"
        case .welfarePension: "social welfare pension"
        }
    }
}
