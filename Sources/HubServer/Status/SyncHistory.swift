import ReplicaStorage

/// One sync request of an office, as the hub served it.
public struct SyncEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case push, pull }

    public let office: String
    public let at: Int64
    public let kind: Kind
    public let records: Int
    public let refused: Int
    public let bytesIn: Int
    public let bytesOut: Int
    public let durationMillis: Int
    /// The address the request came from: its TCP peer, or the client a trusted proxy named.
    public var client: String? = nil
}

/// The recent sync requests of each office, kept to the latest `retained`.
public enum SyncHistory {
    public static let retained = 500

    static func record(_ tx: StoreTransaction, _ event: SyncEvent) throws {
        try tx.database.execute("""
            INSERT INTO sync_events (office, at, kind, records, refused, bytes_in, bytes_out, duration_ms, client)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(event.office), .integer(event.at), .text(event.kind.rawValue), .integer(Int64(event.records)),
                  .integer(Int64(event.refused)), .integer(Int64(event.bytesIn)), .integer(Int64(event.bytesOut)),
                  .integer(Int64(event.durationMillis)), event.client.map { .text($0) } ?? .null])
        if let client = event.client {
            try tx.database.execute("UPDATE offices SET last_address = ? WHERE id = ?", [.text(client), .text(event.office)])
        }
        try tx.database.execute("""
            DELETE FROM sync_events WHERE office = ? AND id <=
                (SELECT id FROM sync_events WHERE office = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
            """, [.text(event.office), .text(event.office), .integer(Int64(retained))])
    }

    /// The office's latest events, newest first.
    public static func events(_ store: ReplicaStore, office: String, limit: Int = 50) throws -> [SyncEvent] {
        try store.read { tx in
            try tx.database.query("""
                SELECT office, at, kind, records, refused, bytes_in, bytes_out, duration_ms, client
                FROM sync_events WHERE office = ? ORDER BY id DESC LIMIT ?
                """, [.text(office), .integer(Int64(limit))]) { row in
                SyncEvent(office: row.text(0), at: row.int(1), kind: SyncEvent.Kind(rawValue: row.text(2)) ?? .push,
                          records: Int(row.int(3)), refused: Int(row.int(4)), bytesIn: Int(row.int(5)),
                          bytesOut: Int(row.int(6)), durationMillis: Int(row.int(7)), client: row.optionalText(8))
            }
        }
    }
}
