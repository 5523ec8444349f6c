import ReplicaStorage
import SyncModel

/// The offices a hub serves: adding them, checking their tokens, and keeping what
/// each last told the hub. Rotating and revoking a token: `TokenHolders`.
public struct OfficeRegistry: TokenHolders {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public static let tokenTable = TokenTable(table: "offices", key: "id", noun: "office")
    public static func newToken(for name: String) -> String { OfficeToken.generate(office: name) }
    public static func unknown(_ name: String) -> any Error { RegistryError.unknown(name) }

    public enum RegistryError: Error, CustomStringConvertible, Equatable {
        case invalidID(String)
        case hubID(String)
        case exists(String)
        case codeTaken(code: String, by: String)
        case unknown(String)

        public var description: String {
            switch self {
            case .invalidID(let id):
                "'\(id)' is not a valid office id: lower-case letters, digits, '-' and '_' (e.g. soum-4305)"
            case .hubID(let id):
                "'\(id)' starts with '\(ReplicaID.hubPrefix)', which names hubs: an office under that id would write with a hub's authority (decisions, decrees, amounts); choose an office id such as soum-4305"
            case .exists(let id):
                "office \(id) is already registered"
            case .codeTaken(let code, let other):
                "office code \(code) is already used by \(other); case numbers would collide"
            case .unknown(let id):
                "no office \(id) at this hub; 'office add' registers it"
            }
        }
    }

    /// Registers an office and returns its token: shown once, never stored.
    public func add(_ id: String, by actor: String = "hub", now: Int64) throws -> String {
        guard let replica = ReplicaID(id) else { throw RegistryError.invalidID(id) }
        // Every replica tells a hub's write from an office's by the writer's id alone.
        guard !replica.isHub else { throw RegistryError.hubID(id) }
        let code = CaseNumber.officeCode(of: id)
        let token = OfficeToken.generate(office: id)
        try store.transaction { tx in
            let db = tx.database
            if try db.scalarText("SELECT id FROM offices WHERE id = ?", [.text(id)]) != nil {
                throw RegistryError.exists(id)
            }
            if let other = try db.scalarText("SELECT id FROM offices WHERE code = ?", [.text(code)])
                ?? db.scalarText("SELECT office FROM district_offices WHERE code = ?", [.text(code)]) {
                // At a national hub, an office a district holds is that district's.
                throw RegistryError.codeTaken(code: code, by: other)
            }
            try db.execute(
                "INSERT INTO offices (id, code, token_hash, created_at) VALUES (?, ?, ?, ?)",
                [.text(id), .text(code), .text(OfficeToken.hash(token)), .integer(now)])
            try AuditLog.append(tx, actor: actor, action: "office add", subject: id, now: now)
        }
        return token
    }

    /// The office whose token this is, or nil. The hash comparison takes the same
    /// time wherever the first differing byte is.
    public func authenticate(token: String) throws -> String? {
        guard let office = OfficeToken.office(of: token) else { return nil }
        let stored = try store.read { tx in
            try tx.database.query(
                "SELECT token_hash FROM offices WHERE id = ? AND revoked_at IS NULL", [.text(office)]
            ) { $0.text(0) }.first
        }
        guard let stored else { return nil }
        return ConstantTime.equals(Array(stored.utf8), Array(OfficeToken.hash(token).utf8)) ? office : nil
    }

    public func list() throws -> [Office] {
        try store.read { tx in try Self.offices(tx, where: "1 = 1", []) }
    }

    public func office(_ id: String) throws -> Office? {
        try store.read { tx in try Self.offices(tx, where: "id = ?", [.text(id)]).first }
    }

    /// Rows of `offices` (or of `districts`, which keep the same columns but a name for a
    /// code: `HolderKind`) as `Office`s.
    static func offices(_ tx: StoreTransaction, of kind: HolderKind = .office, where condition: String, _ arguments: [SQLValue]) throws -> [Office] {
        try tx.database.query("""
            SELECT id, \(kind == .office ? "code" : "name"), created_at, revoked_at, last_contact_at, last_push_at, last_pull_at,
                   delivered_through, latest_counter, pending_count, oldest_pending_seconds,
                   software_version, clock_ahead_ms, records_in, records_out, bytes_in, bytes_out, last_address
            FROM \(kind.table) WHERE \(condition) ORDER BY id
            """, arguments) { row in
            Office(
                id: row.text(0), code: row.text(1), createdAt: row.int(2), revokedAt: row.optionalInt(3),
                lastContactAt: row.optionalInt(4), lastPushAt: row.optionalInt(5), lastPullAt: row.optionalInt(6),
                lastAddress: row.optionalText(17),
                deliveredThrough: UInt64(row.int(7)), latestCounter: UInt64(row.int(8)),
                pendingCount: row.optionalInt(9).map(Int.init), oldestPendingSeconds: row.optionalInt(10).map(Int.init),
                softwareVersion: row.optionalText(11), clockAheadMillis: row.optionalInt(12),
                recordsIn: Int(row.int(13)), recordsOut: Int(row.int(14)),
                bytesIn: Int(row.int(15)), bytesOut: Int(row.int(16)))
        }
    }
}
