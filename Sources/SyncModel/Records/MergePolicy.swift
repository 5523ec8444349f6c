/// How the current value of a field is chosen among its siblings, at read time, and
/// who closes the conflict. Policies act on top of merge, never inside it (DESIGN §4).
public enum MergePolicy: String, Sendable, CaseIterable, Codable {
    /// Highest clock reading wins (replica id breaks ties). A person at the hub
    /// closes the conflict; until then every value stays visible.
    case lastWriterWins
    /// Decisions, decrees, amounts, payments: only a hub writes them; the hub's entry wins.
    case hubAuthority
    /// Case status: the later state in the workflow order wins; the hub closes.
    case workflow
    /// One checklist item: received wins over missing; the hub closes.
    case flag
    /// Events, comments: written once, never edited, never in conflict.
    case immutable

    /// Values of a checklist flag that mean "the document is here".
    public static let receivedValues: Set<String> = ["received", "yes", "true", "1"]

    public func current(among entries: [FieldEntry]) -> FieldEntry? {
        guard entries.count > 1 else { return entries.first }
        let byClock: (FieldEntry, FieldEntry) -> Bool = { $0.hlc < $1.hlc }
        switch self {
        case .lastWriterWins:
            return entries.max(by: byClock)
        case .hubAuthority:
            let fromHubs = entries.filter { $0.dot.replica.isHub }
            return (fromHubs.isEmpty ? entries : fromHubs).max(by: byClock)
        case .workflow:
            return entries.max { a, b in
                let ra = Workflow.rank(of: a.value, writtenBy: a.dot.replica)
                let rb = Workflow.rank(of: b.value, writtenBy: b.dot.replica)
                return ra != rb ? ra < rb : a.hlc < b.hlc
            }
        case .flag:
            let received = entries.filter { MergePolicy.receivedValues.contains($0.value) }
            return (received.isEmpty ? entries : received).max(by: byClock)
        case .immutable:
            return entries.min { $0.dot < $1.dot }
        }
    }

    /// Whether siblings of this field wait for a person; otherwise the hub closes
    /// them itself by writing `current`.
    public var closedByPerson: Bool { self == .lastWriterWins }
}
