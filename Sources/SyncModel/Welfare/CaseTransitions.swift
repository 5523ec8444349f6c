/// Which status changes a case may make, per service and writer (DESIGN §8):
///
///     draft -> submitted                          office or hub
///     submitted -> received                       hub
///     submitted -> draft                          hub (returned for documents)
///     received -> approved | rejected             hub
///     approved -> paid                            hub, allowances and the pension
///     approved -> placed                          hub, the four care-* services
///     placed -> discharged                        hub, care only
///     rejected | paid | discharged -> closed      hub
///
/// Writing the state a case already has is an allowed no-op. This is the rule for a
/// single write; siblings of the status field are resolved by `MergePolicy.workflow`.
public enum CaseTransitions {
    struct Edge {
        let from: String
        let to: String
        let officeMay: Bool
        let careOnly: Bool?  // nil: every service; true: care only; false: not care
    }

    static let edges: [Edge] = [
        Edge(from: "draft", to: "submitted", officeMay: true, careOnly: nil),
        Edge(from: "submitted", to: "received", officeMay: false, careOnly: nil),
        Edge(from: "submitted", to: "draft", officeMay: false, careOnly: nil),
        Edge(from: "received", to: "approved", officeMay: false, careOnly: nil),
        Edge(from: "received", to: "rejected", officeMay: false, careOnly: nil),
        Edge(from: "approved", to: "paid", officeMay: false, careOnly: false),
        Edge(from: "approved", to: "placed", officeMay: false, careOnly: true),
        Edge(from: "placed", to: "discharged", officeMay: false, careOnly: true),
        Edge(from: "rejected", to: "closed", officeMay: false, careOnly: nil),
        Edge(from: "paid", to: "closed", officeMay: false, careOnly: false),
        Edge(from: "discharged", to: "closed", officeMay: false, careOnly: true),
    ]

    /// The states of the workflow, in order.
    public static let states = ["draft", "submitted", "received", "approved", "rejected", "paid", "placed", "discharged", "closed"]

    /// Whether a service is one of the four specialized-care services.
    public static func isCare(_ service: Service) -> Bool {
        switch service {
        case .careElderly, .careDisabled, .careChildren, .careTriplets: true
        default: false
        }
    }

    /// The states a case of `service` can ever be in.
    public static func states(for service: Service) -> [String] {
        states.filter { appliesTo(state: $0, service) }
    }

    static func appliesTo(state: String, _ service: Service) -> Bool {
        switch state {
        case "paid": !isCare(service)
        case "placed", "discharged": isCare(service)
        default: Workflow.ranks[state] != nil
        }
    }

    static func label(_ state: String) -> String {
        Workflow.labels[state].map { "«\($0)»" } ?? "«\(state)»"
    }

    /// The states a writer may move a case of `service` to from `from`, in workflow
    /// order (not counting `from` itself, which is always allowed as a no-op).
    public static func allowedNext(service: Service, from: String, byHub: Bool) -> [String] {
        guard appliesTo(state: from, service) else { return [] }
        return edges.filter {
            $0.from == from && (byHub || $0.officeMay) && appliesTo(state: $0.to, service)
        }.map(\.to)
    }

    /// nil when `from` -> `to` is allowed for this service and writer; otherwise the
    /// reason, Mongolian first then English in parentheses.
    public static func refusal(service: Service, from: String, to: String, byHub: Bool) -> String? {
        for state in [from, to] where Workflow.ranks[state] == nil {
            return bilingual("Тодорхойгүй төлөв «\(state)»", "unknown case status '\(state)'")
        }
        for state in [from, to] where !appliesTo(state: state, service) {
            if isCare(service) {
                return bilingual(
                    "\(label(state)) төлөв асрамжийн үйлчилгээнд хамаарахгүй: асрамжийн хэргийг олгохгүй, асрамжид байршуулна",
                    "status '\(state)' does not apply to specialized care (\(service.rawValue)): a care case is placed, not paid")
            }
            return bilingual(
                "\(label(state)) төлөв зөвхөн асрамжийн үйлчилгээнд хамаарна, \(service.mongolianName) үйлчилгээнд хамаарахгүй",
                "status '\(state)' applies only to specialized care, not to \(service.rawValue)")
        }
        if from == to { return nil }
        if let edge = edges.first(where: { $0.from == from && $0.to == to }) {
            if byHub || edge.officeMay { return nil }
            if from == "submitted" && to == "draft" {
                return bilingual(
                    "Илгээсэн хэргийг зөвхөн аймаг, дүүргийн төв бичиг баримт дутуу гэж буцааж болно",
                    "only the hub may return a submitted case to draft for missing documents")
            }
            return bilingual(
                "\(label(from)) -> \(label(to)) шилжилтийг зөвхөн аймаг, дүүргийн төв хийнэ",
                "only the hub may move a case from '\(from)' to '\(to)'")
        }
        if from == "closed" {
            return bilingual("Хаасан хэргийн төлөвийг өөрчлөхгүй", "a closed case cannot change status")
        }
        let rankFrom = Workflow.ranks[from]!
        let rankTo = Workflow.ranks[to]!
        if rankTo < rankFrom {
            return bilingual(
                "Хэргийг өмнөх төлөв рүү буцаах боломжгүй: \(label(from)) -> \(label(to))",
                "a case cannot go back from '\(from)' to '\(to)'")
        }
        if rankTo == rankFrom {
            return bilingual(
                "Шийдвэрийг шууд өөрчлөх боломжгүй: \(label(from)) -> \(label(to))",
                "a decision cannot be changed directly from '\(from)' to '\(to)'")
        }
        let next = allowedNext(service: service, from: from, byHub: true)
        let nextMongolian = next.map(label).joined(separator: " эсвэл ")
        let nextEnglish = next.map { "'\($0)'" }.joined(separator: " or ")
        return bilingual(
            "Алхам алгасах боломжгүй: \(label(from)) төлвийн дараа \(nextMongolian)",
            "cannot skip steps: after '\(from)' comes \(nextEnglish), not '\(to)'")
    }
}
