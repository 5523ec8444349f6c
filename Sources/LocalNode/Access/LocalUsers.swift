import SyncModel
import ReplicaStorage

/// The people who may log in to this office's web app (`halamj-node serve`). Kept in
/// the node's own file and never synced: they are this PC's accounts, not the hub's.
public struct LocalUsers: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public enum UserError: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case weakPassword
        case exists(String)
        case notFound(String)

        public var description: String {
            switch self {
            case .invalidName(let name):
                "'\(name)' cannot be a user name: use 1 to 40 letters, digits, '.', '-' or '_'"
            case .weakPassword:
                "нууц үг хэт богино (the password must have at least \(LocalUsers.minimumPasswordLength) characters)"
            case .exists(let name): "user '\(name)' already exists"
            case .notFound(let name): "no user '\(name)' here; 'halamj-node user add \(name)' creates one"
            }
        }
    }

    public static let minimumPasswordLength = 8

    public struct User: Sendable, Equatable, Codable {
        public let name: String
        public let createdAt: Int64
        public let disabled: Bool
    }

    public static func isValidName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
    }

    public func add(_ name: String, password: String, iterations: Int = PasswordHash.defaultIterations,
                    now: Int64 = Clock.nowMillis()) throws {
        guard Self.isValidName(name) else { throw UserError.invalidName(name) }
        guard password.count >= Self.minimumPasswordLength else { throw UserError.weakPassword }
        let hash = PasswordHash.make(password, iterations: iterations)
        try store.transaction { tx in
            let db = tx.database
            guard try db.scalarInt("SELECT count(*) FROM local_users WHERE name = ?", [.text(name)]) == 0 else {
                throw UserError.exists(name)
            }
            try db.execute("INSERT INTO local_users (name, password_hash, created_at, password_set_at) VALUES (?, ?, ?, ?)",
                           [.text(name), .text(hash), .integer(now), .integer(now)])
        }
    }

    /// A new password for an existing user.
    public func setPassword(_ name: String, password: String, iterations: Int = PasswordHash.defaultIterations,
                            now: Int64 = Clock.nowMillis()) throws {
        guard password.count >= Self.minimumPasswordLength else { throw UserError.weakPassword }
        let hash = PasswordHash.make(password, iterations: iterations)
        try update(name, "UPDATE local_users SET password_hash = ?, disabled = 0, password_set_at = ? WHERE name = ?",
                   [.text(hash), .integer(now), .text(name)])
    }

    /// A disabled user can no longer log in; the name stays in the access log.
    public func disable(_ name: String) throws {
        try update(name, "UPDATE local_users SET disabled = 1 WHERE name = ?", [.text(name)])
    }

    /// One change to an existing user's row; refused for a name that is not there.
    private func update(_ name: String, _ sql: String, _ arguments: [SQLValue]) throws {
        try store.transaction { tx in
            let db = tx.database
            guard try db.scalarInt("SELECT count(*) FROM local_users WHERE name = ?", [.text(name)]) == 1 else {
                throw UserError.notFound(name)
            }
            try db.execute(sql, arguments)
        }
    }

    public func list() throws -> [User] {
        try store.read { tx in
            try tx.database.query("SELECT name, created_at, disabled FROM local_users ORDER BY name") {
                User(name: $0.text(0), createdAt: $0.int(1), disabled: $0.int(2) != 0)
            }
        }
    }

    /// Whether a session of `name` that logged in at `loggedInAt` may go on: not once the
    /// user is disabled or gone, nor after a new password was set (someone may have
    /// known the old one).
    public func sessionIsValid(_ name: String, loggedInAt: Int64) throws -> Bool {
        try store.read { tx in
            try tx.database.scalarInt(
                "SELECT count(*) FROM local_users WHERE name = ? AND disabled = 0 AND password_set_at <= ?",
                [.text(name), .integer(loggedInAt)]) == 1
        }
    }

    /// True when the user exists, is enabled and the password is theirs. The hash is
    /// computed even for unknown names, so timing does not tell which names exist; a
    /// disabled user's password is checked against their own hash (the cost of any login
    /// of theirs), then refused.
    public func verify(_ name: String, password: String) throws -> Bool {
        let stored = try store.read { tx in
            try tx.database.query("SELECT password_hash, disabled FROM local_users WHERE name = ?", [.text(name)]) {
                (hash: $0.text(0), disabled: $0.int(1) != 0)
            }.first
        }
        guard let stored else {
            _ = PasswordHash.verify(password, against: Self.decoyHash)
            return false
        }
        return PasswordHash.verify(password, against: stored.hash) && !stored.disabled
    }

    private static let decoyHash = PasswordHash.make("decoy password", iterations: PasswordHash.defaultIterations)
}
