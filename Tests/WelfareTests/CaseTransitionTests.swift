import SyncModel
import Testing

@Suite("Case status transitions")
struct CaseTransitionTests {
    static let care: [Service] = [.careElderly, .careDisabled, .careChildren, .careTriplets]
    static let cash: [Service] = Service.allCases.filter { !CaseTransitions.isCare($0) }

    static let cashEdges: Set<[String]> = [
        ["draft", "submitted"], ["submitted", "received"], ["submitted", "draft"], ["received", "approved"],
        ["received", "rejected"], ["approved", "paid"], ["rejected", "closed"], ["paid", "closed"],
    ]
    static let careEdges: Set<[String]> = [
        ["draft", "submitted"], ["submitted", "received"], ["submitted", "draft"], ["received", "approved"],
        ["received", "rejected"], ["approved", "placed"], ["placed", "discharged"], ["rejected", "closed"],
        ["discharged", "closed"],
    ]

    @Test("There are four care services and eight cash services")
    func serviceKinds() {
        #expect(Self.care.count == 4 && Self.cash.count == 8)
    }

    @Test("Exactly the workflow's edges are allowed: the hub all of them, an office only draft to submitted", arguments: Service.allCases)
    func wholeMatrix(_ service: Service) {
        let edges = CaseTransitions.isCare(service) ? Self.careEdges : Self.cashEdges
        let states = CaseTransitions.states(for: service)
        for from in CaseTransitions.states {
            for to in CaseTransitions.states {
                for byHub in [false, true] {
                    let applies = states.contains(from) && states.contains(to)
                    let allowed = applies
                        && (from == to || (edges.contains([from, to]) && (byHub || [from, to] == ["draft", "submitted"])))
                    let refusal = CaseTransitions.refusal(service: service, from: from, to: to, byHub: byHub)
                    #expect((refusal == nil) == allowed, "\(service.rawValue) \(from) -> \(to) byHub \(byHub): \(refusal ?? "allowed")")
                    if let refusal { #expect(isBilingual(refusal), "\(refusal)") }
                }
            }
        }
    }

    struct Allowed: Sendable, CustomTestStringConvertible {
        let service: Service, from: String, to: String, byHub: Bool
        var testDescription: String { "\(byHub ? "the hub" : "an office") may move \(service.rawValue) from \(from) to \(to)" }
    }

    @Test("Allowed transitions", arguments: [
        Allowed(service: .pregnancyAllowance, from: "draft", to: "submitted", byHub: false),
        Allowed(service: .careElderly, from: "draft", to: "submitted", byHub: false),
        Allowed(service: .welfarePension, from: "draft", to: "submitted", byHub: true),
        Allowed(service: .welfarePension, from: "submitted", to: "received", byHub: true),
        Allowed(service: .twinsAllowance, from: "submitted", to: "draft", byHub: true),
        Allowed(service: .careChildren, from: "received", to: "approved", byHub: true),
        Allowed(service: .careChildren, from: "received", to: "rejected", byHub: true),
        Allowed(service: .singleParentAllowance, from: "approved", to: "paid", byHub: true),
        Allowed(service: .welfarePension, from: "approved", to: "paid", byHub: true),
        Allowed(service: .careTriplets, from: "approved", to: "placed", byHub: true),
        Allowed(service: .careDisabled, from: "placed", to: "discharged", byHub: true),
        Allowed(service: .elderlyAgeGift, from: "rejected", to: "closed", byHub: true),
        Allowed(service: .mothersGlory1, from: "paid", to: "closed", byHub: true),
        Allowed(service: .careElderly, from: "discharged", to: "closed", byHub: true),
        Allowed(service: .careElderly, from: "placed", to: "placed", byHub: false),
        Allowed(service: .childCareAllowance, from: "paid", to: "paid", byHub: false),
        Allowed(service: .childCareAllowance, from: "closed", to: "closed", byHub: true),
    ])
    func allowed(_ c: Allowed) {
        #expect(CaseTransitions.refusal(service: c.service, from: c.from, to: c.to, byHub: c.byHub) == nil)
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        let service: Service, from: String, to: String, byHub: Bool, because: String
        var testDescription: String {
            "\(byHub ? "the hub" : "an office") may not move \(service.rawValue) from \(from) to \(to): \(because)"
        }
    }

    @Test("Refused transitions say why, Mongolian first", arguments: [
        Refused(service: .careElderly, from: "approved", to: "paid", byHub: true, because: "does not apply to specialized care"),
        Refused(service: .careTriplets, from: "paid", to: "closed", byHub: true, because: "does not apply to specialized care"),
        Refused(service: .pregnancyAllowance, from: "placed", to: "discharged", byHub: true, because: "applies only to specialized care"),
        Refused(service: .welfarePension, from: "approved", to: "placed", byHub: true, because: "applies only to specialized care"),
        Refused(service: .twinsAllowance, from: "paid", to: "discharged", byHub: true, because: "applies only to specialized care"),
        Refused(service: .welfarePension, from: "submitted", to: "approved", byHub: true, because: "cannot skip steps"),
        Refused(service: .welfarePension, from: "draft", to: "received", byHub: true, because: "cannot skip steps"),
        Refused(service: .careChildren, from: "approved", to: "discharged", byHub: true, because: "cannot skip steps"),
        Refused(service: .careChildren, from: "placed", to: "closed", byHub: true, because: "cannot skip steps"),
        Refused(service: .mothersGlory2, from: "approved", to: "closed", byHub: true, because: "cannot skip steps"),
        Refused(service: .welfarePension, from: "approved", to: "received", byHub: true, because: "cannot go back"),
        Refused(service: .welfarePension, from: "paid", to: "approved", byHub: true, because: "cannot go back"),
        Refused(service: .careElderly, from: "discharged", to: "placed", byHub: true, because: "cannot go back"),
        Refused(service: .welfarePension, from: "received", to: "draft", byHub: true, because: "cannot go back"),
        Refused(service: .welfarePension, from: "approved", to: "rejected", byHub: true, because: "cannot be changed directly"),
        Refused(service: .welfarePension, from: "rejected", to: "approved", byHub: true, because: "cannot be changed directly"),
        Refused(service: .welfarePension, from: "closed", to: "draft", byHub: true, because: "closed case cannot change"),
        Refused(service: .welfarePension, from: "submitted", to: "received", byHub: false, because: "only the hub may move"),
        Refused(service: .careElderly, from: "received", to: "approved", byHub: false, because: "only the hub may move"),
        Refused(service: .careElderly, from: "approved", to: "placed", byHub: false, because: "only the hub may move"),
        Refused(service: .careElderly, from: "rejected", to: "closed", byHub: false, because: "only the hub may move"),
        Refused(service: .twinsAllowance, from: "submitted", to: "draft", byHub: false, because: "only the hub may return"),
        Refused(service: .twinsAllowance, from: "draft", to: "archived", byHub: true, because: "unknown case status 'archived'"),
        Refused(service: .twinsAllowance, from: "", to: "draft", byHub: true, because: "unknown case status"),
        Refused(service: .careElderly, from: "paid", to: "paid", byHub: true, because: "does not apply to specialized care"),
    ])
    func refused(_ c: Refused) throws {
        let refusal = try #require(CaseTransitions.refusal(service: c.service, from: c.from, to: c.to, byHub: c.byHub))
        #expect(refusal.contains(c.because), "\(refusal)")
        #expect(isBilingual(refusal), "\(refusal)")
    }

    struct Next: Sendable, CustomTestStringConvertible {
        let service: Service, from: String, byHub: Bool, next: [String]
        var testDescription: String { "from \(from), \(byHub ? "the hub" : "an office") may move \(service.rawValue) to \(next)" }
    }

    @Test("The next states a writer may choose", arguments: [
        Next(service: .pregnancyAllowance, from: "draft", byHub: false, next: ["submitted"]),
        Next(service: .pregnancyAllowance, from: "draft", byHub: true, next: ["submitted"]),
        Next(service: .pregnancyAllowance, from: "submitted", byHub: false, next: []),
        Next(service: .pregnancyAllowance, from: "submitted", byHub: true, next: ["received", "draft"]),
        Next(service: .pregnancyAllowance, from: "received", byHub: true, next: ["approved", "rejected"]),
        Next(service: .pregnancyAllowance, from: "approved", byHub: true, next: ["paid"]),
        Next(service: .careElderly, from: "approved", byHub: true, next: ["placed"]),
        Next(service: .careElderly, from: "placed", byHub: true, next: ["discharged"]),
        Next(service: .pregnancyAllowance, from: "paid", byHub: true, next: ["closed"]),
        Next(service: .careElderly, from: "paid", byHub: true, next: []),
        Next(service: .careElderly, from: "discharged", byHub: true, next: ["closed"]),
        Next(service: .careElderly, from: "rejected", byHub: true, next: ["closed"]),
        Next(service: .careElderly, from: "closed", byHub: true, next: []),
        Next(service: .careElderly, from: "nonsense", byHub: true, next: []),
    ])
    func next(_ c: Next) {
        #expect(CaseTransitions.allowedNext(service: c.service, from: c.from, byHub: c.byHub) == c.next)
    }

    @Test("Every state of the transitions is a state of the workflow, with a Mongolian label")
    func statesMatchWorkflow() {
        #expect(Set(CaseTransitions.states) == Set(Workflow.ranks.keys))
        for state in CaseTransitions.states { #expect(Workflow.labels[state] != nil) }
        // Every transition an office may make leads to a state an office may write.
        for service in Service.allCases {
            for from in CaseTransitions.states {
                for to in CaseTransitions.allowedNext(service: service, from: from, byHub: false) {
                    #expect(!Workflow.hubOnly.contains(to))
                }
                for to in CaseTransitions.allowedNext(service: service, from: from, byHub: true) {
                    #expect(Workflow.ranks[to]! > Workflow.ranks[from]! || (from, to) == ("submitted", "draft"))
                }
            }
        }
    }
}
