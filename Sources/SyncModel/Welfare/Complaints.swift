/// Complaints in two levels (shared/seeds/004_708948af4441f04f.txt): "Иргэн та
/// халамжийн үйл ажиллагаатай холбогдсон гомдлоо эхлээд тухайн байгууллагын удирдлагад
/// гаргах ба шийдвэрийг эс зөвшөөрвөл дээд шатны байгууллагад гомдол гаргана. Гомдлыг
/// 30 хоногийн дотор хянан, шийдвэрлэнэ."
///
/// MY READING: level 1 (тухайн байгууллагын удирдлага) is answered by the office that
/// holds the case when it is answered: the soum while the case is a draft at the soum,
/// the district hub once it has been submitted. Level 2 (дээд шатны байгууллага) is
/// answered by the district hub alone, and its answer is a hub-authority fact.
public enum ComplaintLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case first = 1
    case second = 2

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// `1` or `2`, as typed after `--level` or sent by the web form.
    public init?(text: String) {
        guard let number = Int(text), let level = Self(rawValue: number) else { return nil }
        self = level
    }

    public var mongolian: String {
        switch self {
        case .first: "1-р шат: тухайн байгууллагын удирдлага"
        case .second: "2-р шат: дээд шатны байгууллага"
        }
    }

    public var english: String {
        switch self {
        case .first: "level 1: the office's own management"
        case .second: "level 2: the higher body"
        }
    }

    /// The fields one level keeps. Level 1 keeps the names complaints always had, so a
    /// complaint written before levels existed reads as level 1.
    public var fields: ComplaintFields {
        switch self {
        case .first:
            ComplaintFields(
                text: WorkflowFields.complaint, filed: WorkflowFields.complaintFiled, reference: "complaint_ref",
                officeAnswer: WorkflowFields.complaintAnswer, officeAnswered: WorkflowFields.complaintAnswered,
                hubAnswer: "complaint_hub_answer", hubAnswered: "complaint_hub_answered", hubAnswerFor: "complaint_hub_answer_for")
        case .second:
            ComplaintFields(
                text: "complaint_2", filed: "complaint_2_filed", reference: "complaint_2_ref",
                officeAnswer: nil, officeAnswered: nil,
                hubAnswer: "complaint_2_answer", hubAnswered: "complaint_2_answered", hubAnswerFor: "complaint_2_answer_for")
        }
    }
}

/// The field names of one complaint level.
///
/// A complaint filed again replaces the earlier one at its level and must wait for its
/// own answer. The office's answer is cleared by the filing (the office may write it);
/// the hub's answer cannot be (only a hub writes it), so it names the filing it
/// answers (`hubAnswerFor` = the filing's `reference`) and counts only for that one.
public struct ComplaintFields: Sendable, Equatable {
    public let text: String
    public let filed: String
    /// A new value for every filing (who filed it and when).
    public let reference: String
    /// The soum's own answer (level 1 only; last writer wins, the office may write it).
    /// Answers the hub wrote here before levels existed are read the same way.
    public let officeAnswer: String?
    public let officeAnswered: String?
    /// The hub's answer, hub authority: an office's write of these is refused.
    public let hubAnswer: String
    public let hubAnswered: String
    public let hubAnswerFor: String

    public var all: [String] {
        [text, filed, reference, hubAnswer, hubAnswered, hubAnswerFor] + [officeAnswer, officeAnswered].compactMap { $0 }
    }
}

/// Who gave a complaint's answer.
public enum ComplaintAnswerer: String, Sendable, Codable {
    case office
    case hub
}

/// One complaint as people see it: what, when filed, its 30-day due day, its answer.
public struct Complaint: Sendable, Equatable, Codable {
    public let level: ComplaintLevel
    public let text: String
    public let filed: CivilDate
    public let due: CivilDate
    public let answer: String?
    public let answered: CivilDate?
    public let answeredBy: ComplaintAnswerer?

    public var isAnswered: Bool { answer != nil }

    /// Days left to answer (0 on the due day, negative once overdue); nil once answered.
    public func daysLeft(today: CivilDate) -> Int? {
        isAnswered ? nil : Deadlines.daysLeft(due: due, today: today)
    }

    public func isOverdue(today: CivilDate) -> Bool {
        !isAnswered && Deadlines.isOverdue(due: due, today: today)
    }
}

public enum Complaints {
    /// Every field a complaint writes, at either level.
    public static let fields: Set<String> = Set(ComplaintLevel.allCases.flatMap(\.fields.all))

    /// Answers only the district hub writes (FieldPolicies makes them hub authority).
    public static let hubAnswerFields: [String] = ComplaintLevel.allCases.flatMap {
        [$0.fields.hubAnswer, $0.fields.hubAnswered, $0.fields.hubAnswerFor]
    }

    /// The complaint at `level` in a case's current values (`value` reads one field),
    /// nil when none was filed (or its filing date cannot be read).
    public static func complaint(_ level: ComplaintLevel, _ value: (String) -> String?) -> Complaint? {
        let f = level.fields
        guard let filedText = value(f.filed), let filed = CivilDate(iso: filedText) else { return nil }
        var answer: String?
        var answered: CivilDate?
        var by: ComplaintAnswerer?
        let reference = value(f.reference) ?? ""
        if let text = value(f.hubAnswer), !text.isEmpty, (value(f.hubAnswerFor) ?? "") == reference {
            (answer, answered, by) = (text, value(f.hubAnswered).flatMap(CivilDate.init(iso:)), .hub)
        } else if let field = f.officeAnswer, let text = value(field), !text.isEmpty {
            (answer, answered, by) = (text, f.officeAnswered.flatMap(value).flatMap(CivilDate.init(iso:)), .office)
        } else if let field = f.officeAnswered, let day = value(field).flatMap(CivilDate.init(iso:)) {
            // An answer date without a text (an edit by hand) still answers it.
            (answer, answered, by) = ("", day, .office)
        }
        return Complaint(level: level, text: value(f.text) ?? "", filed: filed,
                         due: Deadlines.complaintAnswerDue(filed: filed), answer: answer, answered: answered, answeredBy: by)
    }

    /// Every complaint of a case, level 1 first.
    public static func all(_ value: (String) -> String?) -> [Complaint] {
        ComplaintLevel.allCases.compactMap { complaint($0, value) }
    }

    public static func all(in values: [String: String]) -> [Complaint] {
        all { values[$0] }
    }

    /// Why a complaint may not be escalated to level 2 on `today`, nil when it may:
    /// after a level-1 answer the citizen does not accept, or when level 1 is overdue.
    /// MY READING: an overdue level 1 may be taken to the higher body (the body's own
    /// management failed to answer in 30 days), as if it had refused.
    public static func escalationRefusal(_ value: (String) -> String?, today: CivilDate) -> String? {
        guard let first = complaint(.first, value) else {
            return "эхлээд 1-р шатанд (тухайн байгууллагын удирдлагад) гомдол гаргана (file a level-1 complaint first, to the office's own management)"
        }
        if first.isAnswered || first.isOverdue(today: today) { return nil }
        return "1-р шатны гомдлын хариу гараагүй, хугацаа \(first.due.iso) хүртэл (level 1 is not answered yet and is due \(first.due.iso); "
            + "level 2 follows its answer, or its 30 days passing)"
    }
}

extension Complaint {
    /// "12 хоног үлдсэн (12 days left)", "өнөөдөр (due today)", "3 хоног хэтэрсэн (3 days
    /// overdue)", or who answered and when.
    public func clockText(today: CivilDate) -> String {
        if isAnswered {
            let who = answeredBy == .hub ? "төв (district hub)" : "сум (soum)"
            return "хариулсан (answered) \(answered?.iso ?? ""), \(who)"
        }
        let left = Deadlines.daysLeft(due: due, today: today)
        if left > 0 { return "\(left) хоног үлдсэн (\(left) days left)" }
        if left == 0 { return "өнөөдөр эцсийн өдөр (due today)" }
        return "\(-left) хоног хэтэрсэн (\(-left) days overdue)"
    }
}
