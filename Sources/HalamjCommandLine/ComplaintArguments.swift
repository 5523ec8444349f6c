import CaseBooks
import SyncModel

/// `<case-number> --text "<…>" [--level 1|2]`, the same for filing and answering at
/// the node and at the hub.
public struct ComplaintArguments: Sendable {
    public let number: String
    public let text: String
    public let level: ComplaintLevel

    /// Reads `--text` and `--level` (default 1), then the case number, then finishes.
    public init(_ args: inout Arguments, what: String) throws(UsageError) {
        let text = try args.option("--text")
        let level = try args.option("--level")
        number = try args.positional("case-number")
        try args.finish()
        guard let text, !text.isEmpty else { throw args.usageError("missing --text \"<\(what)>\"") }
        self.text = text
        if let level {
            guard let parsed = ComplaintLevel(text: level) else {
                throw args.usageError("--level is 1 (the office's own management) or 2 (the higher body), not '\(level)'")
            }
            self.level = parsed
        } else {
            self.level = .first
        }
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
