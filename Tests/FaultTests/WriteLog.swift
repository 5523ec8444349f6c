import ReplicaStorage
import SyncModel

/// One field set by one logged write: the write's dot and the vector of the copy it
/// was made on (everything the writer had seen).
struct LoggedWrite: Sendable, Hashable {
    let number: String
    let field: String
    let value: String
    let dot: Dot
    let context: VersionVector
}

/// Every write the soak test makes, at the nodes and at the hub, so that the final
/// copies can be checked against what a multi-value register must hold: for each
/// field, exactly the writes that no other write of that field had seen.
struct WriteLog {
    /// Case number -> field -> writes.
    private(set) var writes: [String: [String: [LoggedWrite]]] = [:]
    private(set) var count = 0
    private var sequence = 0

    /// Fields written by the sync client itself (a node acknowledging a decision),
    /// outside the test's hands: compared between copies, not against the log.
    static let unloggedFields: Set<String> = [
        WorkflowFields.decisionDeliveredAt, WorkflowFields.decisionDeliveredFor,
    ]

    /// A value never written before, so that every entry names its write.
    mutating func uniqueValue(_ replica: ReplicaID) -> String {
        sequence += 1
        return "\(replica.rawValue)#\(sequence)"
    }

    mutating func add(_ made: [LoggedWrite]) {
        for write in made {
            writes[write.number, default: [:]][write.field, default: []].append(write)
            count += 1
        }
    }

    /// Logs a new case: every field it was opened with, one dot, nothing seen before.
    mutating func addOpened(_ record: Record) {
        for field in record.fields.keys {
            add(record.entries(field).map {
                LoggedWrite(number: record.id, field: field, value: $0.value, dot: $0.dot, context: VersionVector())
            })
        }
    }

    /// One write of `changes` (nil: none) to case `number` on `store`, in one
    /// transaction with the read of what it is made on, logged with that context.
    @discardableResult
    mutating func write(
        _ store: ReplicaStore, _ number: String, _ changes: (Record) -> [String: String]?
    ) throws -> Bool {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        let made: [LoggedWrite]? = try store.transaction { tx in
            guard let before = try tx.load(key), let changes = changes(before.record), !changes.isEmpty else { return nil }
            let after = try tx.write(key, office: before.record.office, changes: changes, now: Clock.nowMillis())
            let dot = Dot(replica: store.replica, counter: after.record.vector[store.replica])
            return changes.map {
                LoggedWrite(number: number, field: $0.key, value: $0.value, dot: dot, context: before.record.vector)
            }
        }
        guard let made else { return false }
        add(made)
        return true
    }

    /// What field `field` of case `number` must hold once every write has reached
    /// the copy: the writes no other write of the field had seen.
    func expectedEntries(_ number: String, _ field: String) -> Set<EntryName> {
        let all = writes[number]?[field] ?? []
        return Set(all.filter { write in
            !all.contains { other in other.dot != write.dot && other.context.covers(write.dot) }
        }.map { EntryName(dot: $0.dot, value: $0.value) })
    }

    func fields(of number: String) -> Set<String> {
        Set(writes[number]?.keys.map { $0 } ?? [])
    }

    /// Every write to case `number`.
    func dots(of number: String) -> Set<Dot> {
        Set((writes[number] ?? [:]).values.flatMap { $0.map(\.dot) })
    }
}

/// An entry as the check compares it: which write, which value.
struct EntryName: Hashable, CustomStringConvertible {
    let dot: Dot
    let value: String

    init(dot: Dot, value: String) {
        self.dot = dot
        self.value = value
    }

    init(_ entry: FieldEntry) {
        self.init(dot: entry.dot, value: entry.value)
    }

    var description: String { "\(dot)=\(value)" }
}
