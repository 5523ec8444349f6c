import ReplicaStorage
import SyncModel

/// Whether an office's node has been sent the hub's current version of one of its records:
/// the office's last pull went past the row's place in the change feed (`pulled_through`),
/// or the row is exactly what the office's node pushed (`echo_of`, never sent back because
/// the node has it). What the hub changed after that pull, the office's next sync brings.
public struct SoumCopy: Sendable, Equatable {
    /// The hub's current version is at the office.
    public let isCurrent: Bool
    /// When the office last pulled, if ever.
    public let lastPullAt: Int64?

    public static func of(_ key: RecordKey, office: String, in store: ReplicaStore) throws -> SoumCopy? {
        try store.read { tx in
            let db = tx.database
            guard let row = try db.query(
                "SELECT local_seq, echo_of FROM records WHERE collection = ? AND id = ?", [.text(key.collection), .text(key.id)],
                row: { (seq: $0.int(0), echo: $0.optionalText(1)) }).first,
                let known = try db.query(
                    "SELECT pulled_through, last_pull_at, coalesce(replica, id) FROM offices WHERE id = ?", [.text(office)],
                    row: { (through: $0.int(0), at: $0.optionalInt(1), replica: $0.text(2)) }).first
            else { return nil }
            return SoumCopy(isCurrent: row.seq <= known.through || row.echo == known.replica, lastPullAt: known.at)
        }
    }
}
