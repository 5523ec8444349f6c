import LocalNode
import SyncModel

/// The hub's administrators and their tokens, `admin.<name>.<64 hex digits>`; the
/// prefix keeps them apart from office tokens, whose ids never contain a dot.
public struct AdminRegistry: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    static let prefix = "admin."

    public enum AdminError: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case exists(String)

        public var description: String {
            switch self {
            case .invalidName(let name): "'\(name)' is not a valid administrator name: lower-case letters, digits, '-' and '_'"
            case .exists(let name): "administrator \(name) already exists"
            }
        }
    }

    /// Adds an administrator; returns the token, shown once and stored only hashed.
    public func add(_ name: String, by actor: String, now: Int64) throws -> String {
        guard ReplicaID.isValid(name) else { throw AdminError.invalidName(name) }
        let token = OfficeToken.generate(office: Self.prefix + name)
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
    public func authenticate(token: String) throws -> String? {
        guard let owner = OfficeToken.office(of: token), owner.hasPrefix(Self.prefix) else { return nil }
        let name = String(owner.dropFirst(Self.prefix.count))
        let stored = try store.read { tx in
            try tx.database.scalarText("SELECT token_hash FROM admins WHERE name = ? AND revoked_at IS NULL", [.text(name)])
        }
        guard let stored else { return nil }
        return ConstantTime.equals(Array(stored.utf8), Array(OfficeToken.hash(token).utf8)) ? name : nil
    }

    /// Whether `token` is shaped like an administrator's (to tell 401 from 403).
    public static func looksLikeAdminToken(_ token: String) -> Bool {
        token.hasPrefix(prefix)
    }
}
