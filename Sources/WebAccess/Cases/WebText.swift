import Foundation
import CaseBooks
import SyncModel

/// Words the pages of both web apps share: states, services, register-number problems,
/// times, amounts.
public enum WebText {
    public static func status(_ state: String?) -> String {
        let state = state ?? CaseFields.initialStatus
        return "\(Workflow.labels[state] ?? state) (\(state))"
    }

    public static func service(_ raw: String?) -> String {
        guard let raw, let service = Service(rawValue: raw) else { return raw ?? "—" }
        return service.mongolianName
    }

    public static func registerNumberProblem(_ problem: RegisterNumber.Problem) -> String {
        problem.description
    }

    public static func time(_ millis: Int64?, now: Int64) -> String {
        guard let millis else { return "хэзээ ч үгүй (never)" }
        return "\(HumanTime.iso(millis: millis)) · \(HumanTime.ago(seconds: Int((now - millis) / 1000)))"
    }

    public static func amount(_ rule: AmountRule?) -> String {
        guard let rule else { return "Мөнгөн дүнгүй үйлчилгээ (no cash amount: a service in kind, or no rate for this age)" }
        var text = "\(groupedDigits(rule.amount)) ₮ \(rule.period.mongolian)"
        if rule.perChild { text += " (хүүхэд тус бүрт, per child)" }
        if let from = rule.effectiveFrom { text += ", \(from.iso)-с (from \(from.iso))" }
        if !rule.confirmed { text += " — \(AmountRule.unconfirmedMark)" }
        return text + " — \(rule.resolution)"
    }

    public static func groupedDigits(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, c) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// What list pages show of a case's details: nothing of a specialized-care case,
    /// whose details are seen only by opening it (each opening is in the access log).
    public static func listed(_ view: CaseView, _ field: String) -> String {
        isCare(view.service) ? confidential : view.values[field] ?? ""
    }

    public static let confidential = "нууц (confidential)"

    /// A specialized-care case: its file is confidential.
    public static func isCare(_ raw: String?) -> Bool {
        guard let raw, let service = Service(rawValue: raw) else { return false }
        return CaseTransitions.isCare(service)
    }
}
