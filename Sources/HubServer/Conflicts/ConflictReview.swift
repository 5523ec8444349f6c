import ReplicaStorage
import SyncModel

/// Conflicts as the district officer reviews them at the hub: listed oldest first,
/// closed by a hub write whose context covers every sibling, once.
public struct ConflictReview: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    /// What to keep.
    public enum Choice: Sendable, Equatable {
        /// The value every replica shows now.
        case winner
        /// The one other value (only when there are exactly two).
        case other
        /// The value written by this office or hub.
        case writtenBy(String)
        /// A new value typed by the officer.
        case value(String)
    }

    public struct Resolution: Sendable, Equatable, Codable {
        public let conflict: String
        public let record: String
        public let field: String
        public let value: String
    }

    public enum ReviewError: Error, Equatable, CustomStringConvertible {
        case unknown(String)
        case alreadyResolved(id: String, value: String, at: Int64, by: String)
        case otherIsAmbiguous(id: String, writers: [String])
        case noValueFrom(id: String, writer: String, writers: [String])
        case valueForDeletion(String)

        public var description: String {
            switch self {
            case .unknown(let id):
                "no open conflict \(id); 'halamj-hub conflicts' lists them"
            case .alreadyResolved(let id, let value, _, let by):
                "conflict \(id) is already resolved (kept «\(value)», by \(by)); nothing changed"
            case .otherIsAmbiguous(let id, let writers):
                "conflict \(id) has \(writers.count) values: use --keep <office-id> (one of \(writers.joined(separator: ", "))) or --value"
            case .noValueFrom(let id, let writer, let writers):
                "conflict \(id) has no value written by \(writer); writers: \(writers.joined(separator: ", "))"
            case .valueForDeletion(let id):
                "conflict \(id) is a deletion: --keep winner keeps the case deleted, --keep other restores it"
            }
        }
    }

    /// Open conflicts, of one office if given, oldest first.
    public func open(office: String? = nil) throws -> [Conflict] {
        try store.read { try $0.openConflicts(office: office) }
    }

    /// Closes conflict `id` with `choice`, as `person`. The write reaches every
    /// replica at its next sync, and the audit log names `person` in the same transaction;
    /// resolving the same id again is refused.
    public func resolve(_ id: String, _ choice: Choice, by person: String, now: Int64) throws -> Resolution {
        try store.transaction { tx in
            let earlier = try tx.database.query(
                "SELECT value, resolved_at, resolved_by FROM resolutions WHERE conflict_id = ?", [.text(id)]
            ) { ($0.text(0), $0.int(1), $0.text(2)) }
            if let done = earlier.first {
                throw ReviewError.alreadyResolved(id: id, value: done.0, at: done.1, by: done.2)
            }
            guard let conflict = try tx.openConflicts().first(where: { $0.id == id }) else {
                throw ReviewError.unknown(id)
            }
            let key = RecordKey(collection: conflict.collection, id: conflict.record)
            guard let stored = try tx.load(key) else { throw ReviewError.unknown(id) }
            let (changes, kept) = try Self.changes(for: conflict, choice, record: stored.record)
            _ = try tx.write(key, office: conflict.office, changes: changes, now: now)
            try tx.database.execute("""
                INSERT INTO resolutions (conflict_id, collection, record_id, office, field, value, resolved_at, resolved_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(id), .text(conflict.collection), .text(conflict.record), .text(conflict.office),
                      .text(conflict.field), .text(kept), .integer(now), .text(person)])
            try AuditLog.append(tx, actor: person, action: "conflict resolve", subject: id,
                                detail: "\(conflict.record) \(conflict.field) = \(kept)", now: now)
            return Resolution(conflict: id, record: conflict.record, field: conflict.field, value: kept)
        }
    }

    static func changes(
        for conflict: Conflict, _ choice: Choice, record: Record
    ) throws -> (changes: [String: String], kept: String) {
        let writers = conflict.values.map(\.replica)
        if conflict.kind == .deletion {
            switch choice {
            case .winner: return (record.deletionChanges, "устгасан (deleted)")
            case .other: return (Record.restoreChanges, "сэргээсэн (restored)")
            case .writtenBy(let writer) where writer == conflict.values.first(where: \.isCurrent)?.replica:
                return (record.deletionChanges, "устгасан (deleted)")
            case .writtenBy: return (Record.restoreChanges, "сэргээсэн (restored)")
            case .value: throw ReviewError.valueForDeletion(conflict.id)
            }
        }
        let value: String
        switch choice {
        case .winner:
            value = conflict.current
        case .other:
            let others = conflict.values.filter { !$0.isCurrent }
            guard others.count == 1 else { throw ReviewError.otherIsAmbiguous(id: conflict.id, writers: writers) }
            value = others[0].value
        case .writtenBy(let writer):
            guard let chosen = conflict.values.last(where: { $0.replica == writer }) else {
                throw ReviewError.noValueFrom(id: conflict.id, writer: writer, writers: writers)
            }
            value = chosen.value
        case .value(let typed):
            value = typed
        }
        // Keeping a deletion records what the person saw, like any deletion does, so
        // the edits they looked at do not come back as a new conflict.
        if conflict.field == Record.tombstoneField, value == "true" { return (record.deletionChanges, value) }
        return ([conflict.field: value], value)
    }
}
