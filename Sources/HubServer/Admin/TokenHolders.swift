import ReplicaStorage

/// Who holds one of the hub's bearer tokens: offices and administrators. Both keep
/// only the SHA-256 of each token, in a table keyed by name with the time it was
/// revoked, and both are rotated and revoked the same way, each change audit-logged.
public protocol TokenHolders: Sendable {
    var store: ReplicaStore { get }
    /// Where the holders are, and what the audit log calls them.
    static var tokenTable: TokenTable { get }
    /// A fresh token for `name`, shaped so that `authenticate` finds its owner.
    static func newToken(for name: String) -> String
    /// The error for a name the table does not hold.
    static func unknown(_ name: String) -> any Error
}

/// The table of one kind of token holder: its name, its key column, and the noun
/// that starts its audit actions (`office rotate`, `admin revoke`).
public struct TokenTable: Sendable {
    let table: String
    let key: String
    let noun: String
}

extension TokenHolders {
    /// Gives `name` a new token and returns it (shown once, stored hashed). The old
    /// one is refused from now on; a revoked holder is let in again with the new one.
    public func rotate(_ name: String, by actor: String, now: Int64) throws -> String {
        let table = Self.tokenTable
        let token = Self.newToken(for: name)
        try store.transaction { tx in
            try tx.database.execute(
                "UPDATE \(table.table) SET token_hash = ?, revoked_at = NULL WHERE \(table.key) = ?",
                [.text(OfficeToken.hash(token)), .text(name)])
            guard tx.database.changes == 1 else { throw Self.unknown(name) }
            try AuditLog.append(tx, actor: actor, action: "\(table.noun) rotate", subject: name, now: now)
        }
        return token
    }

    /// Refuses `name`'s token from now on ('rotate' issues a new one).
    public func revoke(_ name: String, by actor: String, now: Int64) throws {
        let table = Self.tokenTable
        try store.transaction { tx in
            try tx.database.execute(
                "UPDATE \(table.table) SET revoked_at = ? WHERE \(table.key) = ?", [.integer(now), .text(name)])
            guard tx.database.changes == 1 else { throw Self.unknown(name) }
            try AuditLog.append(tx, actor: actor, action: "\(table.noun) revoke", subject: name, now: now)
        }
    }
}
