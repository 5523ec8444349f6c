import Foundation
import ReplicaStorage
import SyncModel

/// The district's repair tools for an office whose token was misused (issue 13): accept
/// the office's real counter again after a push that inflated it, and take out or hand
/// over records it should never have had. Each is audit-logged.
public struct OfficeRepair: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public enum RepairError: Error, CustomStringConvertible, Equatable {
        case unknownOffice(String)
        case unknownRecord(String)
        case sameOffice(String)

        public var description: String {
            switch self {
            case .unknownOffice(let id): "no office \(id) at this hub; 'office list' shows them"
            case .unknownRecord(let key): "no record \(key) at this hub"
            case .sameOffice(let id): "the record already belongs to \(id)"
            }
        }
    }

    /// What `reset` did.
    public struct Reset: Sendable, Codable, Equatable {
        public var office: String
        public var replica: String
        public var previousCounter: UInt64
        public var counter: UInt64
        /// Records of the office holding writes of its replica beyond `counter`: writes
        /// the office never made (forged with its token). The office's node refuses
        /// these copies when it pulls them; look at each ('case show'), and purge or
        /// keep it.
        public var recordsBeyond: [String]
    }

    /// Accepts `counter` (read off the office's own `halamj-node status`) as the
    /// office's latest: a push that had reported more locked the office out with
    /// `replica-rewound`; its next honest push is taken again. Every record is kept.
    public func reset(_ office: String, counter: UInt64, by actor: String, now: Int64) throws -> Reset {
        try store.transaction { tx in
            let db = tx.database
            guard let row = try db.query(
                "SELECT latest_counter, replica FROM offices WHERE id = ?", [.text(office)],
                row: { (UInt64($0.int(0)), $0.optionalText(1)) }).first
            else { throw RepairError.unknownOffice(office) }
            let replica = row.1 ?? office
            try db.execute(
                "UPDATE offices SET latest_counter = ?, delivered_through = min(delivered_through, ?) WHERE id = ?",
                [.integer(Int64(clamping: counter)), .integer(Int64(clamping: counter)), .text(office)])
            let known = try OfficeReplicas.known(tx, office: office, replica: replica)
            try OfficeReplicas.record(tx, office: office, replica: replica,
                                      .init(latestCounter: counter, deliveredThrough: min(known.deliveredThrough, counter)))
            var beyond: [String] = []
            if let id = ReplicaID(replica) {
                for collection in OfficeRecords.collections.sorted() {
                    for stored in try tx.records(collection: collection, office: office) where stored.record.vector[id] > counter {
                        beyond.append("\(collection)/\(stored.record.id)")
                    }
                }
            }
            try AuditLog.append(tx, actor: actor, action: "office reset", subject: office,
                                detail: "latest counter \(row.0) -> \(counter)" + (beyond.isEmpty ? "" : "; beyond it: " + beyond.joined(separator: ", ")),
                                now: now)
            return Reset(office: office, replica: replica, previousCounter: row.0, counter: counter, recordsBeyond: beyond)
        }
    }

    /// Takes a record out of the hub. The audit log keeps its whole body, so nothing is
    /// lost: a record squatted under another office's number, or junk, goes; the office
    /// whose number it took can then sync its own.
    public func purge(_ key: RecordKey, by actor: String, now: Int64) throws {
        try store.transaction { tx in
            guard let held = try tx.purge(key) else { throw RepairError.unknownRecord("\(key)") }
            try AuditLog.append(tx, actor: actor, action: "record purge", subject: "\(key)",
                                detail: "office \(held.record.office): " + String(decoding: RecordJSON.encode(held.record), as: UTF8.self),
                                now: now)
        }
    }

    /// Gives a record to another registered office (opened at the wrong soum): that
    /// office pulls it at its next sync; the old one's pushes of it are refused.
    public func reassign(_ key: RecordKey, to office: String, by actor: String, now: Int64) throws {
        try store.transaction { tx in
            guard try tx.database.scalarText("SELECT id FROM offices WHERE id = ?", [.text(office)]) != nil else {
                throw RepairError.unknownOffice(office)
            }
            guard let held = try tx.load(key) else { throw RepairError.unknownRecord("\(key)") }
            guard held.record.office != office else { throw RepairError.sameOffice(office) }
            _ = try tx.reassign(key, to: office, now: now)
            try AuditLog.append(tx, actor: actor, action: "record reassign", subject: "\(key)",
                                detail: "\(held.record.office) -> \(office)", now: now)
        }
    }
}
