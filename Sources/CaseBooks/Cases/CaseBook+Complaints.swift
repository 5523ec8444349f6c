import Foundation
import SyncModel
import ReplicaStorage

/// Complaints in two levels, at any stage of a case (Complaints in SyncModel has the
/// rule and the fields). Filing is done at the soum or at the hub (a citizen may
/// complain at either); who answers is enforced here, and the hub's answers are hub
/// authority, so an office's push forging one is refused at the hub.
extension CaseBook {
    /// Files a complaint at `level`. A complaint filed again replaces the earlier one
    /// at its level and waits for its own answer (the earlier answer no longer counts).
    public func fileComplaint(
        _ number: String, text: String, level: ComplaintLevel = .first, now: Int64 = Clock.nowMillis()
    ) throws -> CaseView {
        let text = try Self.nonEmptyText(text, field: level.fields.text, empty: "гомдлын агуулга хоосон (the complaint's text is empty)")
        let today = try store.localDate(now)
        let replica = store.replica.rawValue
        return try step(number, now: now) { stored, _ in
            if level == .second, let refusal = Complaints.escalationRefusal({ stored.record.value($0) }, today: today) {
                throw CaseError.transition(refusal)
            }
            let f = level.fields
            var changes = [f.text: text, f.filed: today.iso, f.reference: "\(replica)-\(now)"]
            // The office's earlier answer is cleared (an empty value is no answer); the
            // hub's names the filing it answered, so the new reference sets it aside.
            if let answer = f.officeAnswer, let answered = f.officeAnswered {
                changes[answer] = ""
                changes[answered] = ""
            }
            return changes
        }
    }

    /// Answers the complaint at `level`, where this replica may: level 1 at the soum
    /// while the case is a draft there and at the hub once it is submitted; level 2
    /// at the hub only.
    public func answerComplaint(
        _ number: String, text: String, level: ComplaintLevel = .first, now: Int64 = Clock.nowMillis()
    ) throws -> CaseView {
        let text = try Self.nonEmptyText(text, field: level.fields.hubAnswer, empty: "хариу хоосон (the answer's text is empty)")
        if level == .second && !isHub {
            throw CaseError.transition("2-р шатны гомдлыг дээд шатны байгууллага (аймаг, дүүргийн төв) шийдвэрлэнэ; сум хариулахгүй "
                + "(a level-2 complaint is answered by the higher body, the district hub, not by the soum)")
        }
        let today = try store.localDate(now)
        return try step(number, now: now) { stored, _ in
            let f = level.fields
            guard Complaints.complaint(level, { stored.record.value($0) }) != nil else {
                throw CaseError.transition("\(level.rawValue)-р шатны гомдол байхгүй (this case has no level-\(level.rawValue) complaint to answer)")
            }
            if level == .first {
                // MY READING: the office that holds the case answers level 1.
                let atSoum = (stored.record.value(CaseFields.status) ?? CaseFields.initialStatus) == CaseFields.initialStatus
                if isHub && atSoum {
                    throw CaseError.transition("хэрэг сумд (ноорог) байгаа тул 1-р шатны гомдлыг сумын удирдлага шийдвэрлэнэ "
                        + "(the case is still a draft at the soum: the soum's management answers level 1)")
                }
                if !isHub && !atSoum {
                    throw CaseError.transition("хэрэг аймаг, дүүрэгт илгээгдсэн тул 1-р шатны гомдлыг аймаг, дүүргийн төв шийдвэрлэнэ "
                        + "(the case has gone to the district: the district hub answers level 1)")
                }
                if !isHub, let answer = f.officeAnswer, let answered = f.officeAnswered {
                    return [answer: text, answered: today.iso]
                }
            }
            return [f.hubAnswer: text, f.hubAnswered: today.iso, f.hubAnswerFor: stored.record.value(f.reference) ?? ""]
        }
    }

    /// A complaint's or an answer's text without the white space around it; an empty
    /// one is refused as `field`'s value, saying `empty`.
    private static func nonEmptyText(_ text: String, field: String, empty: String) throws -> String {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CaseError.invalidValue(field: field, reason: empty) }
        return text
    }

    /// The case's complaints, level 1 first.
    public func complaints(_ number: String) throws -> [Complaint] {
        try store.read { tx in
            let (_, stored, _) = try load(number, in: tx)
            return Complaints.all { stored.record.value($0) }
        }
    }
}
