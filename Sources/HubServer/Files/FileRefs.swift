import ReplicaStorage
import SyncModel

/// The scans a hub knows it should hold (hub step 0111): noted when an office's push
/// brings a case naming them, marked held when the file arrives whole, wanted again when
/// `fsck` finds it damaged or a person asks for it at a national hub. The pull answer asks
/// each office for its wanted files not held; the dashboard counts them per office.
enum FileRefs {
    /// Notes the scans `record` names (as of this merge), wanted from `now`; a file already
    /// in `files` is held.
    static func note(_ tx: StoreTransaction, _ record: Record, files: ContentStore, now: Int64) throws {
        for scan in Scan.attached(to: record) {
            try tx.database.execute("""
                INSERT INTO file_refs (sha256, id, office, bytes, held, wanted_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (sha256, id) DO UPDATE SET office = excluded.office, wanted_at = coalesce(wanted_at, excluded.wanted_at)
                """, [.text(scan.sha256), .text(record.id), .text(record.currentOffice), .integer(Int64(scan.byteCount)),
                      .integer(files.contains(scan.sha256) ? 1 : 0), .integer(now)])
        }
    }

    /// Asks for `scan` of case `record` (a person opened it at a hub that does not hold it).
    static func want(_ tx: StoreTransaction, _ scan: Scan, of record: Record, now: Int64) throws {
        try tx.database.execute("""
            INSERT INTO file_refs (sha256, id, office, bytes, held, wanted_at) VALUES (?, ?, ?, ?, 0, ?)
            ON CONFLICT (sha256, id) DO UPDATE SET held = 0, wanted_at = coalesce(wanted_at, excluded.wanted_at)
            """, [.text(scan.sha256), .text(record.id), .text(record.currentOffice), .integer(Int64(scan.byteCount)), .integer(now)])
    }

    /// The file arrived whole (or was found whole by `fsck`).
    static func held(_ tx: StoreTransaction, _ sha256: String) throws {
        try tx.database.execute("UPDATE file_refs SET held = 1 WHERE sha256 = ? AND held = 0", [.text(sha256)])
    }

    /// The file is not here whole any more (`fsck`): wanted again from whoever sends it.
    static func lost(_ tx: StoreTransaction, _ sha256: String, now: Int64) throws {
        try tx.database.execute("UPDATE file_refs SET held = 0, wanted_at = ? WHERE sha256 = ?", [.integer(now), .text(sha256)])
    }

    /// What the pull answer asks of `scope`: its wanted files not held, oldest first.
    static func wanted(_ tx: StoreTransaction, by scope: SyncScope, limit: Int = 100) throws -> [WantedFile] {
        let offices = scope.sortedOffices
        let placeholders = Array(repeating: "?", count: offices.count).joined(separator: ", ")
        return try tx.database.query("""
            SELECT id, sha256 FROM file_refs WHERE held = 0 AND wanted_at IS NOT NULL AND office IN (\(placeholders))
            ORDER BY wanted_at, sha256 LIMIT ?
            """, offices.map { .text($0) } + [.integer(Int64(limit))]) { WantedFile(caseNumber: $0.text(0), sha256: $0.text(1)) }
    }

    /// Files wanted and not held, and their bytes, by office (the dashboard's column).
    static func waitingByOffice(_ tx: StoreTransaction) throws -> [String: FilesWaiting] {
        let rows = try tx.database.query("""
            SELECT office, count(DISTINCT sha256), sum(bytes) FROM file_refs WHERE held = 0 AND wanted_at IS NOT NULL GROUP BY office
            """, []) { ($0.text(0), FilesWaiting(count: Int($0.int(1)), bytes: Int($0.int(2)))) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }
}
