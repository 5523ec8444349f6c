import ReplicaStorage
import SyncModel

/// The replicas each office has pushed as, with the latest counter each reported: the
/// hub refuses a push reporting less than it already holds of that replica
/// (`replica-rewound`), whichever replica pushed in between.
enum OfficeReplicas {
    struct Known {
        var latestCounter: UInt64
        var deliveredThrough: UInt64
    }

    static func known(_ tx: StoreTransaction, office: String, replica: String) throws -> Known {
        try tx.database.query(
            "SELECT latest_counter, delivered_through FROM office_replicas WHERE office = ? AND replica = ?",
            [.text(office), .text(replica)]
        ) { Known(latestCounter: UInt64($0.int(0)), deliveredThrough: UInt64($0.int(1))) }.first
            ?? Known(latestCounter: 0, deliveredThrough: 0)
    }

    /// Makes `replica` the office's current one (the one the dashboard's counters are
    /// of), audit-logging a change, and returns what the hub knows of it.
    static func pushing(_ tx: StoreTransaction, office: String, kind: HolderKind = .office, replica: String, now: Int64) throws -> Known {
        let db = tx.database
        let current = try db.query("SELECT replica FROM \(kind.table) WHERE id = ?", [.text(office)]) { $0.optionalText(0) }.first ?? nil
        let known = try Self.known(tx, office: office, replica: replica)
        if current != replica {
            if let current {
                try AuditLog.append(tx, actor: office, action: "office replica changed", subject: office,
                                    detail: "\(current) -> \(replica)", now: now)
            }
            try db.execute("UPDATE \(kind.table) SET replica = ?, latest_counter = ?, delivered_through = ? WHERE id = ?", [
                .text(replica), .integer(Int64(known.latestCounter)), .integer(Int64(known.deliveredThrough)), .text(office),
            ])
        }
        return known
    }

    static func record(_ tx: StoreTransaction, office: String, replica: String, _ known: Known) throws {
        try tx.database.execute("""
            INSERT INTO office_replicas (office, replica, latest_counter, delivered_through) VALUES (?, ?, ?, ?)
            ON CONFLICT (office, replica) DO UPDATE SET
                latest_counter = excluded.latest_counter, delivered_through = excluded.delivered_through
            """, [.text(office), .text(replica), .integer(Int64(clamping: known.latestCounter)),
                  .integer(Int64(clamping: known.deliveredThrough))])
    }

    /// Raises the recorded counter of each of the office's other incarnations to what an
    /// accepted copy claimed of it (audit-logged: a restored node brings its former id's
    /// last writes once; anything else is someone using the office's token).
    static func raise(_ tx: StoreTransaction, office: String, claims: [ReplicaID: UInt64], broughtBy pusher: ReplicaID, now: Int64) throws {
        for (replica, counter) in claims.sorted(by: { $0.key < $1.key }) {
            let known = try Self.known(tx, office: office, replica: replica.rawValue)
            guard counter > known.latestCounter else { continue }
            try record(tx, office: office, replica: replica.rawValue,
                       Known(latestCounter: counter, deliveredThrough: known.deliveredThrough))
            try AuditLog.append(tx, actor: office, action: "office replica counter raised", subject: office,
                                detail: "\(replica): \(known.latestCounter) -> \(counter), claimed in a copy pushed by \(pusher)", now: now)
        }
    }
}
