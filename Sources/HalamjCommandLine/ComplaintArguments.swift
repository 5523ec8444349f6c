import CaseBooks
import SyncModel

/// `<case-number> --text "<…>" [--level 1|2]`, the same for filing and answering at
/// the node and at the hub.
public struct ComplaintArguments: Sendable {
    public let number: String
    public let text: String
    public let level: ComplaintLevel

    public static let level = Option("--level", "1|2", ValueKind<ComplaintLevel>(problem: { _, _, text in
        "--level is 1 (the office's own management) or 2 (the higher body), not '\(text)'"
    }) { ComplaintLevel(text: $0) }, default: "1", help: """
        шат (1: the office's own management; 2: the higher body, once level 1 is
        answered or 30 days overdue)
        """)

    public static func text(answering: Bool) -> Option<String> {
        Option("--text", answering ? "\"<хариу>\"" : "\"<гомдол>\"", .nonBlank, required: true,
               help: answering ? "хариу (the answer)" : "гомдол (the complaint, in the applicant's words)")
    }

    /// `case complain` or `case answer` of `tool`, taking `--db` with `database` as its default.
    public static func spec(_ tool: String, answering: Bool, _ description: String, database: String) -> CommandSpec {
        CommandSpec("\(tool) case \(answering ? "answer" : "complain")", description,
                    options: [text(answering: answering), level], positionals: [.caseNumber], database: database)
    }

    public init(_ line: ParsedCommandLine, answering: Bool) throws {
        number = try line.positional(.caseNumber)
        text = try line.value(Self.text(answering: answering))
        level = try line.value(Self.level)
    }

    /// What `case complain` prints: the level and the day its answer is due.
    public static func filed(_ view: CaseView, level: ComplaintLevel) -> String {
        let due = Complaints.complaint(level) { view.values[$0] }?.due.iso ?? ""
        return "\(view.number): \(level.rawValue)-р шатны гомдол бүртгэгдлээ (complaint filed, \(level.english)); "
            + "хариулах хугацаа (answer due) \(due)"
    }

    public static func answered(_ view: CaseView, level: ComplaintLevel) -> String {
        "\(view.number): \(level.rawValue)-р шатны гомдолд хариулсан (level-\(level.rawValue) complaint answered)"
    }
}
