/// The one table of merge policies, by collection and field (DESIGN §4).
public enum FieldPolicies {
    /// Collections whose records are written once and never edited.
    public static let immutableCollections: Set<String> = ["events", "comments"]

    /// Fields of a case with a policy other than last-writer-wins.
    public static let caseFields: [String: MergePolicy] = [
        CaseFields.status: .workflow,
        "decision": .hubAuthority,
        "decree_number": .hubAuthority,
        "decree_date": .hubAuthority,
        "approved_amount": .hubAuthority,
        "payment": .hubAuthority,
        "paid_at": .hubAuthority,
        WorkflowFields.dischargeReason: .hubAuthority,
        CareCategory.decisionField: .hubAuthority,
        // Complaint answers the district hub alone gives (Complaints.hubAnswerFields).
        "complaint_hub_answer": .hubAuthority,
        "complaint_hub_answered": .hubAuthority,
        "complaint_hub_answer_for": .hubAuthority,
        "complaint_2_answer": .hubAuthority,
        "complaint_2_answered": .hubAuthority,
        "complaint_2_answer_for": .hubAuthority,
    ]

    /// Checklist items are fields named `doc_<document>`, one flag each.
    public static let checklistPrefix = "doc_"

    public static func policy(collection: String, field: String) -> MergePolicy {
        if immutableCollections.contains(collection) { return .immutable }
        if let policy = caseFields[field] { return policy }
        // One field per payment period (`payment_2026-11`): written by the hub alone.
        if collection == CaseFields.collection, PaymentFields.isPayment(field) { return .hubAuthority }
        // The days the hub placed and discharged a care case (the report's occupancy).
        if collection == CaseFields.collection, CareOccupancy.dayFields.contains(field) { return .hubAuthority }
        if field.hasPrefix(checklistPrefix) {
            return Checklists.districtFields.contains(field) ? .hubAuthority : .flag
        }
        if let policy = CareEventKind.policy(field: field) { return policy }
        return .lastWriterWins
    }
}
