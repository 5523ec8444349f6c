import SyncModel

/// The care category of specialized-care cases: checked where it is set, required to
/// submit, and carried by the decision as its legal ground.
extension CaseBook {
    /// Refuses a care category that does not fit the case's service, listing the ones
    /// that do. An empty value clears the category (the case then cannot be submitted).
    func checkCareCategory(_ changes: [String: String], service: Service) throws {
        guard let id = changes[CareCategory.field], !id.isEmpty else { return }
        if let reason = CareCategory.refusal(id, service: service) {
            throw CaseError.invalidValue(field: CareCategory.field, reason: reason)
        }
    }

    /// Refuses to submit a care case without a fitting category.
    func checkCareCategoryForSubmit(_ service: Service, _ values: [String: String]) throws {
        if let reason = CareCategory.submitRefusal(service: service, values: values) {
            throw CaseError.transition(reason)
        }
    }

    /// What a decision on a care case records as its legal ground: the case's category,
    /// copied into the hub-only `decision_care_category`. Approval needs one that fits;
    /// a rejection records it only when there is one.
    func careDecisionGround(_ service: Service, _ values: [String: String], approve: Bool) throws -> [String: String] {
        guard CaseTransitions.isCare(service) else { return [:] }
        if let reason = CareCategory.submitRefusal(service: service, values: values) {
            guard approve else { return [:] }
            throw CaseError.transition(
                "Хамрагдах иргэний ангилалгүй асрамжийн хэргийг олгохоор шийдвэрлэхгүй (a care case is approved only on its care category): "
                    + reason + "; 'halamj-hub case set <case-number> \(CareCategory.field)=<id>' records it")
        }
        return [CareCategory.decisionField: values[CareCategory.field]!]
    }
}
