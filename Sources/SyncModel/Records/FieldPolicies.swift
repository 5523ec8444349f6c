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
        // Where the case is held now, and was before (`Holding`): only hubs move a case.
        Holding.officeField: .hubAuthority,
        Holding.formerField: .hubAuthority,
        // A double application found by a hub: no office clears it.
        DoubleApplication.field: .hubAuthority,
    ]

    /// Checklist items are fields named `doc_<document>`, one flag each.
    public static let checklistPrefix = "doc_"

    public static func policy(collection: String, field: String) -> MergePolicy {
        if immutableCollections.contains(collection) { return .immutable }
        if let policy = caseFields[field] { return policy }
        // The prefixed families by their first byte: this runs for every field of every
        // record merged, and most fields are plain last-writer-wins.
        switch field.utf8.first {
        case UInt8(ascii: "p") where collection == CaseFields.collection:
            // One field per payment period (`payment_2026-11`), and the day placed: the hub's.
            if PaymentFields.isPayment(field) || field == CareOccupancy.placedOnField { return .hubAuthority }
        case UInt8(ascii: "d"):
            if field.utf8.starts(with: checklistPrefix.utf8) {
                return Checklists.districtFields.contains(field) ? .hubAuthority : .flag
            }
            // The day the hub discharged a care case (the report's occupancy).
            if collection == CaseFields.collection, field == CareOccupancy.dischargedOnField { return .hubAuthority }
        case UInt8(ascii: "c"):
            if let policy = CareEventKind.policy(field: field) { return policy }
        default:
            break
        }
        return .lastWriterWins
    }
}
