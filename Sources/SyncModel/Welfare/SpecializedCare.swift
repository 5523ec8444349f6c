/// Specialized care (Төрөлжсөн асрамжийн үйлчилгээ), Law on Social Welfare art. 19,
/// as shared/seeds/004_708948af4441f04f.txt gives it. Mongolian texts are the
/// source's, without the list punctuation (";", ".") at their ends.
public enum SpecializedCare {
    /// The 4 service types ("Үйлчилгээний төрөл"). Their ids are the services' ids.
    public static let serviceTypes: [Label] = [
        Label(
            id: Service.careElderly.rawValue,
            mongolian: "Ахмад настны асрамжийн үйлчилгээ",
            english: "care service for the elderly"),
        Label(
            id: Service.careDisabled.rawValue,
            mongolian: "Хөгжлийн бэрхшээлтэй иргэний асрамжийн үйлчилгээ",
            english: "care service for people with disabilities"),
        Label(
            id: Service.careChildren.rawValue,
            mongolian: "Хүнд нөхцөлд байгаа 18 хүртэлх насны хүүхдийн асрамжийн үйлчилгээ",
            english: "care service for children under 18 in difficult circumstances"),
        Label(
            id: Service.careTriplets.rawValue,
            mongolian: "3 ба түүнээс дээш ихэр хүүхдийн асрамжийн үйлчилгээ",
            english: "care service for triplets and more"),
    ]

    /// The 5 categories of people who may be placed ("Хамрагдах иргэн"). The ones a
    /// social worker assesses (single, cannot live alone, no one to support them) are
    /// not in `Eligibility`, which checks only what facts can decide.
    public static let eligibilityCategories: [Label] = [
        Label(
            id: "elderly_without_support",
            mongolian: "Тэжээн тэтгэх хүүхэдгүй, бие даан амьдрах чадваргүй ганц бие, эсхүл тэжээн тэтгэх хүүхэд нь ахмад настан, хөгжлийн бэрхшээлтэйн улмаас дэмжлэг, туслалцаа үзүүлэх чадваргүй, тэжээн тэтгэх үүрэгтэй этгээд нь тухайн ахмад настны эсрэг хүчирхийлэл үйлдсэн болох нь тогтоогдсон бөгөөд олон нийтийн оролцоонд түшиглэсэн халамжийн үйлчилгээнд хамрагдах боломжгүй ахмад настан",
            english: "an elderly person who lives alone and cannot live independently with no child to support them, or whose children cannot help because they are themselves elderly or disabled, or whose carer has been found to have abused them, and who cannot be served by community-based welfare services"),
        Label(
            id: "disabled_without_support",
            mongolian: "Мэргэжлийн үйлчилгээ, тусгай нөхцөл шаардагдсан болон тэжээн тэтгэх хүүхэдгүй, бие даан амьдрах чадваргүй ганц бие хөгжлийн бэрхшээлтэй иргэн",
            english: "a person with a disability who needs professional services or special conditions, or who lives alone with no child to support them and cannot live independently"),
        Label(
            id: "child_in_difficult_circumstances",
            mongolian: "Хүнд нөхцөлд байгаа, бүтэн өнчин, эцэг, эх нь хоёулаа эрх зүйн чадамжгүй гэж тооцогдсон болон эцэг, эх байх эрхээ хязгаарлуулсан, хасуулсан, удаан хугацаагаар эмнэлэгт эмчлүүлж байгаа, хорих газарт ял эдэлж байгаа зэрэг хүндэтгэн үзэх шалтгаанаар хүүхдээ биечлэн тэжээн тэтгэх, асран халамжлах бололцоогүй, эсхүл тэжээн тэтгэхээс зайлсхийсэн хүний хүүхэд",
            english: "a child in difficult circumstances: a full orphan, or a child whose parents are both declared legally incapable, have had their parental rights restricted or removed, are in long-term hospital treatment, are serving a prison sentence or for other valid reasons cannot support and care for the child themselves, or evade supporting the child"),
        Label(
            id: "disabled_child_in_permanent_care",
            mongolian: "Байнгын асрамжид байдаг хөгжлийн бэрхшээлтэй 18 хүртэлх насны хүүхэд",
            english: "a child under 18 with a disability who needs permanent care"),
        Label(
            id: "triplets_under_4",
            mongolian: "Улсын зардлаар төрөлжсөн асрамжийн газар асрамжлан өсгөхийг эцэг, эх нь зөвшөөрсөн дөрөв хүртэлх насны гурав ба түүнээс дээш ихэр хүүхэд",
            english: "triplets or more under the age of four whose parents agree to their being raised in a specialized care facility at state expense"),
    ]

    /// The 7 grounds for discharge ("Асруулагчийг дараах нөхцөлд асрамжаас гаргана").
    /// Separately, a resident may end the three-party contract at their own request
    /// and return to the community; the source does not list that among the seven.
    public static let dischargeReasons: [Label] = [
        Label(
            id: "recovered_able_to_work",
            mongolian: "Биеийн байдал нь сайжирч хөдөлмөрлөх чадвартай болсныг нотолсон Эмнэлэг, хөдөлмөр магадлах комиссын шийдвэр",
            english: "a decision of the Medical and Labour Examination Commission that the resident's health has improved and they are able to work"),
        Label(
            id: "family_found",
            mongolian: "Асруулагчийн тэжээн тэтгэх хүүхэд, төрөл, садан нь илэрч, улмаар тэжээн тэтгэхийг хүссэн, эсвэл хууль ёсоор тэдгээрт өгч асруулах үндэслэл бүрдсэн",
            english: "children or relatives able to support the resident were found and wish to support them, or there are legal grounds to place the resident in their care"),
        Label(
            id: "sponsored_by_organisation",
            mongolian: "Асруулагчийг ямар нэг аж ахуйн нэгж, компани ивээлдээ авч асрахыг хүссэн",
            english: "a business or company wishes to take the resident under its patronage and care for them"),
        Label(
            id: "child_now_working",
            mongolian: "Асруулагчийн хүүхэд нь насанд хүрч сургуулиа төгссөн буюу цэргээс халагдаж, ажил хөдөлмөр эрхэлдэг болсон",
            english: "the resident's child has come of age, finished school or been discharged from military service, and now works"),
        Label(
            id: "contract_ended",
            mongolian: "Богино хугацаагаар үйлчилгээ аваад гэрээний хугацаа дууссан",
            english: "short-term care whose contract period has ended"),
        Label(
            id: "chose_other_service",
            mongolian: "Тухайн асруулагч өөр үйлчилгээ сонгосон",
            english: "the resident chose another service"),
        Label(
            id: "able_to_live_independently",
            mongolian: "Асрамжийн газарт ирээд асруулагч тодорхой хөтөлбөрүүдэд хамрагдан чадваржсан, цаашид бие даан амьдарч чадна гэдгээ илэрхийлсэн тохиолдолд асрамжийн үйлчилгээг дуусгавар болгоно",
            english: "the resident gained skills through the facility's programmes and has stated that they can live independently, so the care ends"),
    ]

    /// The 4 educational and administrative measures, mildest first, for a resident
    /// who breaks the facility's internal rules (a crime, moral misconduct, drinking,
    /// overstaying or leaving without permission).
    public static let disciplinaryMeasures: [Label] = [
        Label(
            id: "verbal_caution",
            mongolian: "Дутагдал, доголдлыг асруулагчид хэлж анхааруулах",
            english: "point out the shortcomings to the resident and caution them"),
        Label(
            id: "council_warning",
            mongolian: "Захиргааны болон асруулагчдын зөвлөлийн хурлаар хэлэлцэж сануулах",
            english: "discuss at a meeting of the administration or the residents' council and warn"),
        Label(
            id: "discharge_warning",
            mongolian: "Асрамжаас гаргахыг сануулах",
            english: "warn that the resident may be discharged"),
        Label(
            id: "discharge_by_order",
            mongolian: "Асрамжийн газрын даргын тушаалаар асрамжаас гаргах",
            english: "discharge from care by order of the facility's director"),
    ]

    // MARK: Pension of a resident

    /// Share of a resident's pension that goes to the resident, in percent.
    public static let residentSharePercent = 70
    /// Share of a resident's pension that goes to the facility, in percent.
    public static let facilitySharePercent = 30

    /// A resident's pension split 70% to the resident and 30% to the facility, in
    /// whole MNT: the facility gets 30% rounded down, the resident the rest (so the
    /// remainder of rounding goes to the resident and the two always sum to `pension`).
    /// `pension` must not be negative.
    public static func pensionSplit(_ pension: Int) -> (resident: Int, facility: Int) {
        precondition(pension >= 0, "a pension is never negative")
        let facility = pension / 100 * facilitySharePercent + pension % 100 * facilitySharePercent / 100
        return (pension - facility, facility)
    }

    /// Whether the 70/30 split applies: to residents who draw a social insurance or
    /// welfare pension, that is elderly residents and residents with a disability aged
    /// 18 or over (the source). Children and triplets draw no pension of their own.
    public static func pensionSplitApplies(to service: Service, residentAge: Int) -> Bool {
        switch service {
        case .careElderly: true
        case .careDisabled: residentAge >= 18
        default: false
        }
    }

    /// How a resident's pension is collected when they cannot go to the bank themselves.
    public static let pensionProxyRule = Label(
        id: "pension_by_notarised_proxy",
        mongolian: "Өөрийн биеэр авах боломжгүй бол асрамжийн газрын итгэмжилсэн төлөөлөгчөөр дамжуулан авч болно. Итгэмжлэлийг нотариатчаар гэрчлүүлсэн байна.",
        english: "a resident who cannot collect the pension in person may have it collected by the facility's authorised representative; the power of attorney must be notarised")

    /// nil when a resident's pension may be collected this way; otherwise why not,
    /// Mongolian first. In person is always allowed; through the facility's
    /// representative only with a notarised power of attorney.
    public static func pensionCollectionRefusal(inPerson: Bool, proxyNotarised: Bool) -> String? {
        if inPerson || proxyNotarised { return nil }
        return bilingual(
            "Итгэмжлэлийг нотариатчаар гэрчлүүлээгүй",
            "the power of attorney is not notarised: a proxy may collect the pension only with a notarised one")
    }
}
