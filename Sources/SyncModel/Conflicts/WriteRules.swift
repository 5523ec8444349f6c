/// Who may write what (DESIGN §4): hub-authority fields and hub-only workflow states
/// are written by hubs only, and immutable records are never edited.
public enum WriteRules {
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let reason: String

        public var description: String { "\(field): \(reason)" }
    }

    /// Checks a write before `writer` makes it to a copy (nil when new).
    public static func check(
        collection: String, changes: [String: String], writer: ReplicaID, existing: Record?
    ) -> Refusal? {
        if FieldPolicies.immutableCollections.contains(collection), existing != nil {
            return Refusal(field: changes.keys.sorted().first ?? "", reason: "\(collection) are written once and never edited")
        }
        guard !writer.isHub else { return nil }
        for field in changes.keys.sorted() {
            if let refusal = refusal(field: field, value: changes[field]!, collection: collection) { return refusal }
        }
        return nil
    }

    /// Checks a copy an office pushed: every entry an office wrote must be one it
    /// may write, and an immutable record holds one write only.
    public static func check(pushed record: Record) -> Refusal? {
        if FieldPolicies.immutableCollections.contains(record.collection) {
            let dots = Set(record.fields.values.flatMap { $0.map(\.dot) })
            if dots.count > 1 {
                return Refusal(field: record.fields.keys.sorted().first ?? "", reason: "\(record.collection) are written once and never edited")
            }
            return nil
        }
        // Every pushed record is checked and nearly all pass: the fields are visited as
        // stored, and of several refused ones the first by name is reported, as if they
        // had been visited in order (sorting every record's names cost more than the check).
        var first: Refusal?
        for (field, entries) in record.fields {
            if let first, first.field < field { continue }
            for entry in entries where !entry.dot.replica.isHub {
                if let refusal = refusal(field: field, value: entry.value, collection: record.collection) {
                    first = refusal
                    break
                }
            }
        }
        return first
    }

    private static func refusal(field: String, value: String, collection: String) -> Refusal? {
        switch FieldPolicies.policy(collection: collection, field: field) {
        case .hubAuthority:
            return Refusal(field: field, reason: "only the district hub sets \(field) (hub authority)")
        case .workflow where Workflow.hubOnly.contains(value):
            return Refusal(field: field, reason: "only the district hub moves a case to '\(value)'")
        default:
            return nil
        }
    }
}
