import ReplicaStorage
import SyncModel

/// The hub's administrators and their tokens, `admin.<name>.<64 hex digits>`; the
/// prefix keeps them apart from office tokens, whose ids never contain a dot.
/// Rotating and revoking a token: `TokenHolders`.
public struct AdminRegistry: TokenHolders {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    static let prefix = "admin."

    public static let tokenTable = TokenTable(table: "admins", key: "name", noun: "admin")
    public static func newToken(for name: String) -> String { OfficeToken.generate(office: prefix + name) }
    public static func unknown(_ name: String) -> any Error { AdminError.unknown(name) }

    /// A use of a token is written down at most this often (ms): the dashboard reloads
    /// every 30 s and Prometheus scrapes more often, and each record is a write.
    public static let lastUseResolutionMillis: Int64 = 60_000

    public enum AdminError: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case exists(String)
        case unknown(String)

        public var description: String {
            switch self {
            case .invalidName(let name): "'\(name)' is not a valid administrator name: lower-case letters, digits, '-' and '_'"
            case .exists(let name): "administrator \(name) already exists"
            case .unknown(let name): "no administrator \(name) at this hub; 'admin list' shows them, 'admin add' adds one"
            }
        }
    }

    /// Adds an administrator; returns the token, shown once and stored only hashed.
    public func add(_ name: String, by actor: String, now: Int64) throws -> String {
        guard ReplicaID.isValid(name) else { throw AdminError.invalidName(name) }
        let token = Self.newToken(for: name)
        try store.transaction { tx in
            if try tx.database.scalarText("SELECT name FROM admins WHERE name = ?", [.text(name)]) != nil {
                throw AdminError.exists(name)
            }
            try tx.database.execute(
                "INSERT INTO admins (name, token_hash, created_at) VALUES (?, ?, ?)",
                [.text(name), .text(OfficeToken.hash(token)), .integer(now)])
            try AuditLog.append(tx, actor: actor, action: "admin add", subject: name, now: now)
        }
        return token
    }

    /// The administrator whose token this is, or nil (constant-time hash comparison).
    /// With `now`, the use is recorded for `admin list` (at most once a minute; a
    /// failure to record it does not refuse the request).
    public func authenticate(token: String, now: Int64? = nil) throws -> String? {
        guard let owner = OfficeToken.office(of: token), owner.hasPrefix(Self.prefix) else { return nil }
        let name = String(owner.dropFirst(Self.prefix.count))
        let stored = try store.read { tx in
            try tx.database.query(
                "SELECT token_hash, last_used_at FROM admins WHERE name = ? AND revoked_at IS NULL", [.text(name)]
            ) { ($0.text(0), $0.optionalInt(1)) }.first
        }
        guard let stored, ConstantTime.equals(Array(stored.0.utf8), Array(OfficeToken.hash(token).utf8)) else { return nil }
        if let now, stored.1.map({ now - $0 >= Self.lastUseResolutionMillis }) ?? true {
            try? store.transaction { tx in
                try tx.database.execute("UPDATE admins SET last_used_at = ? WHERE name = ?", [.integer(now), .text(name)])
            }
        }
        return name
    }

    /// Every administrator, revoked ones too, by name.
    public func list() throws -> [Administrator] {
        try store.read { tx in
            try tx.database.query("SELECT name, created_at, last_used_at, revoked_at FROM admins ORDER BY name") {
                Administrator(name: $0.text(0), createdAt: $0.int(1), lastUsedAt: $0.optionalInt(2), revokedAt: $0.optionalInt(3))
            }
        }
    }

    /// Whether `token` is shaped like an administrator's (to tell 401 from 403).
    public static func looksLikeAdminToken(_ token: String) -> Bool {
        token.hasPrefix(prefix)
    }
}
