/// How the current value of a field is chosen among its siblings, at read time.
/// Policies act on top of merge, never inside it (DESIGN §4).
public enum MergePolicy: String, Sendable, CaseIterable {
    /// The entry with the highest clock reading (replica id breaks ties). A person at
    /// the hub closes the conflict; until then every value stays visible.
    case lastWriterWins

    public func current(among entries: [FieldEntry]) -> FieldEntry? {
        switch self {
        case .lastWriterWins:
            return entries.max { $0.hlc < $1.hlc }
        }
    }
}

/// The one table of merge policies, by collection and field.
public enum FieldPolicies {
    public static func policy(collection: String, field: String) -> MergePolicy {
        .lastWriterWins
    }
}
