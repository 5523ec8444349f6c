/// The care eligibility category of a specialized-care case: which of the source's 5
/// "Хамрагдах иргэн" the person is (`SpecializedCare.eligibilityCategories`). The soum
/// records it with the application; the district's decision carries it as its legal
/// ground.
public enum CareCategory {
    /// The category the soum recorded (an id of `SpecializedCare.eligibilityCategories`).
    public static let field = "care_category"
    /// The category the decision was made on, written by the hub with the decision
    /// (hub authority): an office cannot change a decision's legal ground afterwards.
    public static let decisionField = "decision_care_category"

    /// The categories that fit a care service, in the source's order; empty for the
    /// cash services.
    ///
    /// MY READING: the source lists the 4 service types and the 5 categories separately
    /// without pairing them. Elderly -> care for the elderly; a person with a disability
    /// -> care for people with disabilities; a child in difficult circumstances -> care
    /// for children; triplets under 4 -> care for triplets. A disabled child under 18 in
    /// permanent care (category 4) fits both care for people with disabilities (a
    /// disabled citizen) and care for children under 18.
    public static func categories(for service: Service) -> [Label] {
        let ids: [String]
        switch service {
        case .careElderly: ids = ["elderly_without_support"]
        case .careDisabled: ids = ["disabled_without_support", "disabled_child_in_permanent_care"]
        case .careChildren: ids = ["child_in_difficult_circumstances", "disabled_child_in_permanent_care"]
        case .careTriplets: ids = ["triplets_under_4"]
        default: ids = []
        }
        return SpecializedCare.eligibilityCategories.filter { ids.contains($0.id) }
    }

    /// The category with this id, of any service.
    public static func label(_ id: String) -> Label? {
        SpecializedCare.eligibilityCategories.first { $0.id == id }
    }

    /// nil when `id` is a category of `service`; otherwise why not, Mongolian first,
    /// with the ids that fit.
    public static func refusal(_ id: String, service: Service) -> String? {
        let fitting = categories(for: service)
        if fitting.contains(where: { $0.id == id }) { return nil }
        guard !fitting.isEmpty else {
            return bilingual(
                "\(service.mongolianName) үйлчилгээнд хамрагдах иргэний ангилал байхгүй",
                "only the specialized care services have a care category, not \(service.rawValue)")
        }
        let valid = fitting.map(\.id).joined(separator: ", ")
        if label(id) == nil {
            return bilingual("Ангилал '\(id)' байхгүй; боломжтой нь: \(valid)",
                             "no care category '\(id)'; for \(service.rawValue) one of: \(valid)")
        }
        return bilingual("Ангилал '\(id)' нь \(service.mongolianName)нд хамаарахгүй; боломжтой нь: \(valid)",
                         "category '\(id)' does not fit \(service.rawValue); one of: \(valid)")
    }

    /// nil when a case of `service` with these values may be submitted as far as the
    /// category goes; otherwise why not. A care case names a category that fits it.
    public static func submitRefusal(service: Service, values: [String: String]) -> String? {
        guard CaseTransitions.isCare(service) else { return nil }
        guard let id = values[field], !id.isEmpty else {
            return bilingual(
                "Хамрагдах иргэний ангилал сонгоогүй тул илгээх боломжгүй",
                "cannot submit: the care category is not recorded; set \(field)=<id>, one of: "
                    + categories(for: service).map(\.id).joined(separator: ", "))
        }
        return refusal(id, service: service)
    }

    /// How a stored category is shown: "Mongolian (English)", or the raw value when it
    /// is no category Halamj knows.
    public static func shown(_ id: String) -> String {
        label(id)?.description ?? id
    }
}
