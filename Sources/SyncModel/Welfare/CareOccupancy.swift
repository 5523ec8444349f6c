/// Who is in care on a day, for the district report's occupancy: a care case placed on
/// or before the day and not discharged by then.
public enum CareOccupancy {
    /// The day the hub moved the case to `placed` (the office's calendar).
    public static let placedOnField = "placed_on"
    /// The day the hub moved the case to `discharged`.
    public static let dischargedOnField = "discharged_on"

    /// Written by the hub alone (FieldPolicies): an office cannot move a placement's day.
    public static let dayFields: Set<String> = [placedOnField, dischargedOnField]

    /// The day field a move to `state` stamps, if any.
    public static func dayField(entering state: String) -> String? {
        switch state {
        case "placed": placedOnField
        case "discharged": dischargedOnField
        default: nil
        }
    }

    /// Whether the case was in care at the end of `day`. MY READING: a case placed before
    /// placement days were recorded counts from its decree date; one discharged (or closed
    /// after discharge) without a recorded day is counted out.
    public static func isInCare(_ values: [String: String], on day: CivilDate) -> Bool {
        guard let service = values[CaseFields.service].flatMap(Service.init(rawValue:)),
              CaseTransitions.isCare(service) else { return false }
        let status = values[CaseFields.status] ?? CaseFields.initialStatus
        guard ["placed", "discharged", "closed"].contains(status),
              let placed = (values[placedOnField] ?? values[WorkflowFields.decreeDate]).flatMap(CivilDate.init(iso:)),
              placed <= day else { return false }
        if let discharged = values[dischargedOnField].flatMap(CivilDate.init(iso:)) { return day < discharged }
        return status == "placed"
    }
}
