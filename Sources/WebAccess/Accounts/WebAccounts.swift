import SyncModel
import ReplicaStorage

/// The people who may log in to a web app: a soum office's workers (`halamj-node user`, in
/// the node's file) or the district's officers, reviewers and administrators at the hub's
/// desk (`halamj-hub user`, with a role each). Kept in the replica's own file and never
/// synced: they are that machine's accounts. Passwords are stored hashed (`PasswordHash`).
public struct WebAccounts: Sendable {
    public let store: ReplicaStore
    public let kind: Kind
    /// A write the caller adds to every change's transaction (the hub's audit entry).
    public let alongside: (@Sendable (StoreTransaction) throws -> Void)?

    /// Whose accounts, in which table.
    public enum Kind: Sendable {
        /// A soum office's web app: `local_users`, no roles.
        case office
        /// The district's desk at the hub: `desk_users`, each with a `DeskRole`.
        case desk

        var table: String { self == .office ? "local_users" : "desk_users" }
        /// The command that makes an account, for messages.
        public var addCommand: String { self == .office ? "halamj-node user add" : "halamj-hub user add" }
    }

    public init(store: ReplicaStore, kind: Kind, alongside: (@Sendable (StoreTransaction) throws -> Void)? = nil) {
        self.store = store
        self.kind = kind
        self.alongside = alongside
    }

    public enum UserError: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case weakPassword
        case exists(String)
        case notFound(String, addCommand: String)
        case noRole(String)
        case roleRequired

        public var description: String {
            switch self {
            case .invalidName(let name):
                "'\(name)' cannot be a user name: use 1 to 40 letters, digits, '.', '-' or '_'"
            case .weakPassword:
                "нууц үг хэт богино (the password must have at least \(WebAccounts.minimumPasswordLength) characters)"
            case .exists(let name): "user '\(name)' already exists"
            case .notFound(let name, let command): "no user '\(name)' here; '\(command) \(name)' creates one"
            case .noRole(let name): "'\(name)' is no role: use \(DeskRole.allCases.map(\.rawValue).joined(separator: ", "))"
            case .roleRequired: "a desk user needs a role: \(DeskRole.allCases.map(\.rawValue).joined(separator: ", "))"
            }
        }
    }

    public static let minimumPasswordLength = 8

    public struct User: Sendable, Equatable, Codable {
        public let name: String
        public let createdAt: Int64
        public let disabled: Bool
        /// At the desk: what the user may do; nil for a soum office's user.
        public let role: DeskRole?
    }

    public static func isValidName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// A new account; at the desk `role` is required (and ignored at an office).
    public func add(_ name: String, password: String, role: DeskRole? = nil, iterations: Int = PasswordHash.defaultIterations,
                    now: Int64 = Clock.nowMillis()) throws {
        guard Self.isValidName(name) else { throw UserError.invalidName(name) }
        guard password.count >= Self.minimumPasswordLength else { throw UserError.weakPassword }
        if kind == .desk, role == nil { throw UserError.roleRequired }
        let hash = PasswordHash.make(password, iterations: iterations)
        try store.transaction { tx in
            let db = tx.database
            guard try db.scalarInt("SELECT count(*) FROM \(kind.table) WHERE name = ?", [.text(name)]) == 0 else {
                throw UserError.exists(name)
            }
            if kind == .desk, let role {
                try db.execute("INSERT INTO desk_users (name, role, password_hash, created_at, password_set_at) VALUES (?, ?, ?, ?, ?)",
                               [.text(name), .text(role.rawValue), .text(hash), .integer(now), .integer(now)])
            } else {
                try db.execute("INSERT INTO local_users (name, password_hash, created_at, password_set_at) VALUES (?, ?, ?, ?)",
                               [.text(name), .text(hash), .integer(now), .integer(now)])
            }
            try alongside?(tx)
        }
    }

    /// A desk user's new role; their sessions go on with it from the next request.
    public func setRole(_ name: String, _ role: DeskRole) throws {
        try update(name, "UPDATE desk_users SET role = ? WHERE name = ?", [.text(role.rawValue), .text(name)])
    }

    /// A desk user's role, or nil for a name that is not an enabled desk user.
    public func role(of name: String) throws -> DeskRole? {
        guard kind == .desk else { return nil }
        return try store.read { tx in
            try tx.database.query("SELECT role FROM desk_users WHERE name = ? AND disabled = 0", [.text(name)]) { $0.text(0) }
                .first.flatMap(DeskRole.init(rawValue:))
        }
    }

    /// A new password for an existing user.
    public func setPassword(_ name: String, password: String, iterations: Int = PasswordHash.defaultIterations,
                            now: Int64 = Clock.nowMillis()) throws {
        guard password.count >= Self.minimumPasswordLength else { throw UserError.weakPassword }
        let hash = PasswordHash.make(password, iterations: iterations)
        try update(name, "UPDATE \(kind.table) SET password_hash = ?, disabled = 0, password_set_at = ? WHERE name = ?",
                   [.text(hash), .integer(now), .text(name)])
    }

    /// A disabled user can no longer log in; the name stays in the access log.
    public func disable(_ name: String) throws {
        try update(name, "UPDATE \(kind.table) SET disabled = 1 WHERE name = ?", [.text(name)])
    }

    /// One change to an existing user's row; refused for a name that is not there.
    private func update(_ name: String, _ sql: String, _ arguments: [SQLValue]) throws {
        try store.transaction { tx in
            let db = tx.database
            guard try db.scalarInt("SELECT count(*) FROM \(kind.table) WHERE name = ?", [.text(name)]) == 1 else {
                throw UserError.notFound(name, addCommand: kind.addCommand)
            }
            try db.execute(sql, arguments)
            try alongside?(tx)
        }
    }

    public func list() throws -> [User] {
        try store.read { tx in
            let role = kind == .desk ? "role" : "NULL"
            return try tx.database.query("SELECT name, created_at, disabled, \(role) FROM \(kind.table) ORDER BY name") {
                User(name: $0.text(0), createdAt: $0.int(1), disabled: $0.int(2) != 0, role: $0.optionalText(3).flatMap(DeskRole.init(rawValue:)))
            }
        }
    }

    /// Whether a session of `name` that logged in at `loggedInAt` may go on: not once the
    /// user is disabled or gone, nor after a new password was set (someone may have
    /// known the old one).
    public func sessionIsValid(_ name: String, loggedInAt: Int64) throws -> Bool {
        try store.read { tx in
            try tx.database.scalarInt(
                "SELECT count(*) FROM \(kind.table) WHERE name = ? AND disabled = 0 AND password_set_at <= ?",
                [.text(name), .integer(loggedInAt)]) == 1
        }
    }

    /// True when the user exists, is enabled and the password is theirs. The hash is
    /// computed even for unknown names, so timing does not tell which names exist; a
    /// disabled user's password is checked against their own hash (the cost of any login
    /// of theirs), then refused.
    public func verify(_ name: String, password: String) throws -> Bool {
        let stored = try store.read { tx in
            try tx.database.query("SELECT password_hash, disabled FROM \(kind.table) WHERE name = ?", [.text(name)]) {
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
