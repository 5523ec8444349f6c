import SyncModel

/// The merge policies of DESIGN §4, written out again from the design and not from the
/// model, so that the tests can say what a field must show without asking the code
/// under test. Only `ReplicaID`, `Dot`, `HLCTimestamp` and `FieldEntry` (plain values)
/// are used from the model.
enum Oracle {
    enum Policy: String, Sendable, CaseIterable {
        case lastWriterWins, hubAuthority, workflow, flag, immutable

        /// Whether the hub closes siblings of this policy itself (no person needed).
        var closedByHub: Bool { self == .hubAuthority || self == .workflow || self == .flag }
    }

    /// The workflow order of DESIGN §4/§8: draft, submitted at the office; then the
    /// district receives, the decree approves or rejects, the case is paid or placed,
    /// a placed person may be discharged (specialized care), and every path ends closed.
    static let workflowSteps: [[String]] = [
        ["draft"], ["submitted"], ["received"], ["approved", "rejected"], ["paid", "placed"], ["discharged"], ["closed"],
    ]
    /// States only a hub may set: everything after submitted.
    static let hubOnlyStates: Set<String> = Set(workflowSteps.dropFirst(2).joined())
    static let officeStates = ["draft", "submitted"]
    static let allStates: [String] = Array(workflowSteps.joined())

    static let hubAuthorityFields: Set<String> = [
        "decision", "decree_number", "decree_date", "approved_amount", "payment", "paid_at",
    ]
    static let immutableCollections: Set<String> = ["events", "comments"]
    static let receivedValues: Set<String> = ["received", "yes", "true", "1"]

    static func policy(collection: String, field: String) -> Policy {
        if immutableCollections.contains(collection) { return .immutable }
        if field == "status" { return .workflow }
        if hubAuthorityFields.contains(field) { return .hubAuthority }
        if field.hasPrefix("doc_") { return .flag }
        return .lastWriterWins
    }

    static func isHub(_ replica: ReplicaID) -> Bool { replica.rawValue.hasPrefix("hub-") }

    /// Clock order: wall time, then the logical counter, then the replica id.
    static func earlier(_ a: HLCTimestamp, _ b: HLCTimestamp) -> Bool {
        (a.wallMillis, a.logical, a.replica.rawValue) < (b.wallMillis, b.logical, b.replica.rawValue)
    }

    /// A state's step in the workflow as written by `writer`: unknown states below every
    /// known one, and a hub-only state written by an office below everything.
    static func step(of state: String, writtenBy writer: ReplicaID) -> Int {
        guard let step = workflowSteps.firstIndex(where: { $0.contains(state) }) else { return -1 }
        if hubOnlyStates.contains(state) && !isHub(writer) { return -2 }
        return step
    }

    /// The entry every replica must show among `entries` under `policy`.
    static func winner(_ entries: [FieldEntry], policy: Policy) -> FieldEntry? {
        guard var best = entries.first else { return nil }
        func latest(_ candidates: [FieldEntry]) -> FieldEntry {
            candidates.dropFirst().reduce(candidates[0]) { earlier($0.hlc, $1.hlc) ? $1 : $0 }
        }
        switch policy {
        case .lastWriterWins:
            best = latest(entries)
        case .hubAuthority:
            let fromHubs = entries.filter { isHub($0.dot.replica) }
            best = latest(fromHubs.isEmpty ? entries : fromHubs)
        case .workflow:
            let top = entries.map { step(of: $0.value, writtenBy: $0.dot.replica) }.max()!
            best = latest(entries.filter { step(of: $0.value, writtenBy: $0.dot.replica) == top })
        case .flag:
            let received = entries.filter { receivedValues.contains($0.value) }
            best = latest(received.isEmpty ? entries : received)
        case .immutable:
            best = entries.min { ($0.dot.replica.rawValue, $0.dot.counter) < ($1.dot.replica.rawValue, $1.dot.counter) }!
        }
        return best
    }

    /// The writes a hub must make on seeing `record`: every field of a policy the hub
    /// closes whose siblings hold different values, set to the policy's winner.
    static func expectedClosings(_ record: Record) -> [String: String] {
        var closings: [String: String] = [:]
        for (field, entries) in record.fields where entries.count > 1 {
            let policy = policy(collection: record.collection, field: field)
            guard policy.closedByHub, Set(entries.map(\.value)).count > 1 else { continue }
            closings[field] = winner(entries, policy: policy)!.value
        }
        return closings
    }

    /// Whether an office may make this write (DESIGN §4): no hub-authority field, no
    /// hub-only state, no edit of a record of an immutable collection.
    static func officeMayWrite(collection: String, changes: [String: String], recordExists: Bool) -> Bool {
        if immutableCollections.contains(collection) { return !recordExists }
        for (field, value) in changes {
            switch policy(collection: collection, field: field) {
            case .hubAuthority: return false
            case .workflow where hubOnlyStates.contains(value): return false
            default: continue
            }
        }
        return true
    }

    /// Whether a hub may make this write: anything but an edit of an immutable record.
    static func hubMayWrite(collection: String, recordExists: Bool) -> Bool {
        !(immutableCollections.contains(collection) && recordExists)
    }
}
