/// The document checklists of every service: ONE table (`table`), one flag field per
/// document on the case (`doc_<id>`, policy `flag`, received wins over missing).
public enum Checklists {
    // MARK: Documents used by several services

    /// Application form (the e-welfare services). My reading, not in the sources.
    static let application = Document(
        id: "application", mongolian: "Өргөдөл", english: "application form")
    /// Citizen ID card: the wording of the specialized-care list.
    static let citizenID = Document(
        id: "citizen_id", mongolian: "Иргэний үнэмлэх", english: "citizen ID card")
    static let childBirthCertificates = Document(
        id: "child_birth_certificate", mongolian: "Хүүхдийн төрсний гэрчилгээ",
        english: "child's birth certificate")

    // MARK: Specialized care, the source's list

    /// The 14 documents for specialized care, exactly as
    /// shared/seeds/004_708948af4441f04f.txt lists them ("Бүрдүүлэх бичиг баримт"),
    /// in the same order, Mongolian verbatim (including the source's spelling), with
    /// an English gloss.
    public static let specializedCare: [Document] = [
        Document(
            id: "care_application",
            mongolian: "Асрамжийн газарт асруулахыг хүссэн өргөдөл",
            english: "application for placement in a care facility"),
        Document(
            id: "governor_reference",
            mongolian: "Сум, хорооны Засаг даргын тодорхойлолт",
            english: "reference letter from the soum/khoroo governor"),
        citizenID,
        Document(
            id: "personal_questionnaire",
            mongolian: "Асруулагчийн хувийн мэдээллийн багтаасан анкет",
            english: "questionnaire with the resident's personal details"),
        Document(
            id: "pension_book",
            mongolian: "Тэтгэвэрийн дэвтэр болон нийгмийн халамжийн бусад үйлчилгээн хамрагддаг болохыг нотлох баримт",
            english: "pension book, or proof of receiving other social welfare services"),
        Document(
            id: "health_insurance_book",
            mongolian: "Эрүүл мэндийн даатгалын дэвтэр",
            english: "health insurance book"),
        Document(
            id: "health_book",
            mongolian: "Эрүүл мэндийн дэвтэр",
            english: "personal health record book"),
        Document(
            id: "health_assessment",
            mongolian: "Сум, хорооны өрхийн эмч болон аймаг, дүүргийн нэгдсэн эмнэлгийн нарийн мэргэжлийн эмч нарын үзлэгийн эрүүл мэндийн үнэлгээний хуудас / арьс өнгө, сүрьеэ, сэтгэл мэдрэл, архинд донтох өвчингүй байх/",
            english: "health assessment sheet from examinations by the soum/khoroo family doctor and the specialists of the aimag/district general hospital (free of skin and venereal disease, tuberculosis, mental illness and alcohol addiction)"),
        Document(
            id: "lab_tests",
            mongolian: "Хурц, архаг халдварт өвчингүй гэдгийг баталсан лабораторийн шинжилгээнүүд дүгнэлтийн хамт",
            english: "laboratory test results, with their conclusion, confirming no acute or chronic infectious disease"),
        Document(
            id: "social_worker_assessment",
            mongolian: "Сум, хорооны нийгмийн ажилтны үнэлгээний хуудас",
            english: "assessment sheet by the soum/khoroo social worker"),
        Document(
            id: "official_letter",
            mongolian: "Хөдөлмөр халамж, үйлчилгээний ерөнхий газар болон аймаг, дүүргийн хөдөлмөр, халамжийн хэлтсийн албан тоот",
            english: "official letter from the General Office for Labour and Welfare Services and the aimag/district Labour and Welfare department",
            stage: .district),
        Document(
            id: "governor_decree",
            mongolian: "Аймаг, дүүргийн Засаг даргын захирамж",
            english: "decree (захирамж) of the aimag/district governor",
            stage: .district),
        Document(
            id: "photos",
            mongolian: "Цээж зураг 2-4 хувь",
            english: "2 to 4 head-and-shoulders photos"),
        Document(
            id: "no_relatives_certificate",
            mongolian: "Асруулагчийн үр хүүхэд, ах дүү, төрөл төрөгсөдгүй болохыг нотлох улсын бүртгэлийн архивын лавлагаа",
            english: "state registry archive certificate that the resident has no children, siblings or other relatives"),
    ]

    /// Specialized care for triplets and more. MY READING: the source does not give
    /// this list; it says the parents apply and hand in "the documents the facility's
    /// rules require" ("Тухайн байгууллагын холбогдох дүрэм, журамд заасан бичиг
    /// баримт"), that the parents must consent to state-funded care, and that the
    /// aimag/district governor decides. The 14-document list (pension book, no
    /// relatives, ...) is written for adults and children without family.
    public static let careTriplets: [Document] = [
        Document(
            id: "parents_application", mongolian: "Эцэг, эхийн хүсэлт",
            english: "the parents' application"),
        Document(
            id: "parents_consent",
            mongolian: "Улсын зардлаар асрамжлан өсгөхийг эцэг, эх нь зөвшөөрсөн баримт",
            english: "the parents' consent to care at state expense"),
        Document(
            id: "parents_citizen_id", mongolian: "Эцэг, эхийн иргэний үнэмлэх",
            english: "the parents' citizen ID cards"),
        Document(
            id: "children_birth_certificates", mongolian: "Ихэр хүүхдийн төрсний гэрчилгээ",
            english: "the children's birth certificates"),
        Document(
            id: "health_book", mongolian: "Эрүүл мэндийн дэвтэр",
            english: "the children's health record books"),
        Document(
            id: "governor_decree", mongolian: "Аймаг, дүүргийн Засаг даргын захирамж",
            english: "decree (захирамж) of the aimag/district governor",
            stage: .district),
    ]

    /// The governor's decree, written into the checklist by the decision that records it.
    public static let governorDecree = "governor_decree"

    // MARK: The table

    /// Every service's checklist. Lists other than `specializedCare` are MY READING of
    /// what the law and ehalamj.mn ask for (the e-welfare source names the services,
    /// not their documents): short and sensible, to be confirmed by the department.
    public static let table: [Service: [Document]] = [
        .pregnancyAllowance: [
            application, citizenID,
            Document(
                id: "pregnancy_certificate",
                mongolian: "Жирэмсний хяналтын эмчийн тодорхойлолт",
                english: "medical certificate of pregnancy (5th month or later)"),
        ],
        .childCareAllowance: [application, citizenID, childBirthCertificates],
        .twinsAllowance: [
            application, citizenID,
            Document(
                id: "twins_birth_certificates", mongolian: "Ихэр хүүхдийн төрсний гэрчилгээ",
                english: "birth certificates of the twins"),
        ],
        .singleParentAllowance: [
            application, citizenID,
            Document(
                id: "children_birth_certificates",
                mongolian: "18 хүртэлх насны хүүхдүүдийн төрсний гэрчилгээ",
                english: "birth certificates of the children under 18"),
            Document(
                id: "single_parent_reference",
                mongolian: "Өрх толгойлсон болохыг нотлох сум, хорооны Засаг даргын тодорхойлолт",
                english: "soum/khoroo governor's reference that the applicant is a single parent"),
        ],
        .elderlyAgeGift: [application, citizenID],
        .mothersGlory1: [
            application, citizenID,
            Document(
                id: "order_certificate", mongolian: "Эхийн алдар I зэргийн одонгийн үнэмлэх",
                english: "certificate of the Mother's Glory order I"),
        ],
        .mothersGlory2: [
            application, citizenID,
            Document(
                id: "order_certificate", mongolian: "Эхийн алдар II зэргийн одонгийн үнэмлэх",
                english: "certificate of the Mother's Glory order II"),
        ],
        .careElderly: specializedCare,
        .careDisabled: specializedCare,
        .careChildren: specializedCare,
        .careTriplets: careTriplets,
        .welfarePension: [
            application, citizenID,
            Document(
                id: "insurance_reference",
                mongolian: "Нийгмийн даатгалын тэтгэвэр авах эрх үүсээгүй болохыг нотлох тодорхойлолт",
                english: "certificate that no social insurance pension is due"),
            Document(
                id: "category_proof",
                mongolian: "Хамрагдах үндэслэлийг нотлох баримт",
                english: "proof of the category (medical and labour commission decision, breadwinner's death certificate, children's birth certificates, ...)"),
        ],
    ]

    /// The checklist of `service`, in the order it is shown.
    public static func documents(for service: Service) -> [Document] {
        table[service] ?? []
    }

    /// The checklist of `service` that `stage` brings.
    public static func documents(for service: Service, stage: Document.Stage) -> [Document] {
        documents(for: service).filter { $0.stage == stage }
    }

    /// The flag fields of documents the aimag/district adds (`doc_official_letter`,
    /// `doc_governor_decree`): only a hub writes them (`FieldPolicies`), so no soum can
    /// tick the district's papers, falsely or by mistake.
    public static let districtFields: Set<String> = Set(
        table.values.joined().filter { $0.stage == .district }.map(\.field))

    /// The documents of `service` (of `stage`, or of both when nil) not yet received:
    /// those whose flag field (`doc_<id>`) is absent or holds a value outside
    /// `MergePolicy.receivedValues`.
    public static func missing(for service: Service, in values: [String: String], stage: Document.Stage? = nil) -> [Document] {
        documents(for: service).filter { $0.stage == stage ?? $0.stage }.filter { document in
            guard let value = values[document.field] else { return true }
            return !MergePolicy.receivedValues.contains(value)
        }
    }

    /// Whether every document of `service` has been received.
    public static func isComplete(for service: Service, in values: [String: String]) -> Bool {
        missing(for: service, in: values).isEmpty
    }
}
