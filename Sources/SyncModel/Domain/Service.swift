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

    /// The Mongolian name, as the source documents give it.
    public var mongolianName: String {
        switch self {
        case .pregnancyAllowance: "Жирэмсэн эхийн тэтгэмж"
        case .childCareAllowance: "0-3 насны хүүхэд асарсны тэтгэмж"
        case .twinsAllowance: "Ихэр хүүхдийн тэтгэмж"
        case .singleParentAllowance: "Өрх толгойлсон эх, эцгийн тэтгэмж"
        case .elderlyAgeGift: "Насны хишиг"
        case .mothersGlory1: "Эхийн алдар I одон"
        case .mothersGlory2: "Эхийн алдар II одон"
        case .careElderly: "Ахмад настны асрамжийн үйлчилгээ"
        case .careDisabled: "Хөгжлийн бэрхшээлтэй иргэний асрамжийн үйлчилгээ"
        case .careChildren: "Хүнд нөхцөлд байгаа хүүхдийн асрамжийн үйлчилгээ"
        case .careTriplets: "3 ба түүнээс дээш ихэр хүүхдийн асрамж"
        case .welfarePension: "Нийгмийн халамжийн тэтгэвэр"
        }
    }

    public var englishName: String {
        switch self {
        case .pregnancyAllowance: "pregnancy allowance"
        case .childCareAllowance: "child care allowance (0-3)"
        case .twinsAllowance: "twins allowance"
        case .singleParentAllowance: "single parent with 3+ children"
        case .elderlyAgeGift: "elderly age gift"
        case .mothersGlory1: "Mother's Glory order I cash"
        case .mothersGlory2: "Mother's Glory order II cash"
        case .careElderly: "specialized care for the elderly"
        case .careDisabled: "specialized care for people with disabilities"
        case .careChildren: "specialized care for children in difficult circumstances"
        case .careTriplets: "specialized care for triplets and more"
        case .welfarePension: "social welfare pension"
        }
    }
}
