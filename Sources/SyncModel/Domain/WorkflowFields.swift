/// Field names the workflow writes besides `status`.
public enum WorkflowFields {
    /// The day the citizen handed in the application at the soum/khoroo (the office's
    /// own calendar): the 30-day decision clock counts from it, across resubmissions.
    public static let applicationDate = "application_date"
    public static let submittedOn = "submitted_on"
    public static let decision = "decision"
    public static let decreeNumber = "decree_number"
    public static let decreeDate = "decree_date"
    public static let approvedAmount = "approved_amount"
    public static let decisionReason = "decision_reason"
    /// Written by the node when a decision reaches it; the hub shows it as delivered.
    public static let decisionDeliveredAt = "decision_delivered_at"
    public static let decisionDeliveredFor = "decision_delivered_for"
    public static let complaint = "complaint"
    public static let complaintFiled = "complaint_filed"
    public static let complaintAnswer = "complaint_answer"
    public static let complaintAnswered = "complaint_answered"
    public static let dischargeReason = "discharge_reason"
}
