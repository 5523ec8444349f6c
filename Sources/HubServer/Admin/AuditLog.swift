import ReplicaStorage

/// The hub's append-only record of administrative actions: who did what to what,
/// when. The table's triggers refuse any update or delete, so no command can edit it.
public struct AuditLog: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public struct Entry: Sendable, Equatable, Codable {
        public let id: Int64
        public let at: Int64
        public let actor: String
        public let action: String
        public let subject: String
        public let detail: String
    }

    /// Appends an entry inside the caller's transaction, so the action and its
    /// record commit together.
    public static func append(
        _ tx: StoreTransaction, actor: String, action: String, subject: String, detail: String = "", now: Int64
    ) throws {
        try tx.database.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            [.integer(now), .text(actor), .text(action), .text(subject), .text(detail)])
    }

    /// The same entry as a write to add to another transaction (`CaseBook`'s and
    /// `WebAccounts`' `alongside`): the change and its entry commit together.
    public static func entry(
        actor: String, action: String, subject: String, detail: String = "", now: Int64 = Clock.nowMillis()
    ) -> @Sendable (StoreTransaction) throws -> Void {
        { tx in try append(tx, actor: actor, action: action, subject: subject, detail: detail, now: now) }
    }

    /// Appends an entry in a transaction of its own.
    public func append(actor: String, action: String, subject: String, detail: String = "", now: Int64 = Clock.nowMillis()) throws {
        try store.transaction { tx in
            try Self.append(tx, actor: actor, action: action, subject: subject, detail: detail, now: now)
        }
    }

    /// The newest entries first.
    public func entries(limit: Int = 200) throws -> [Entry] {
        try store.read { tx in
            try tx.database.query(
                "SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                [.integer(Int64(limit))]
            ) { Entry(id: $0.int(0), at: $0.int(1), actor: $0.text(2), action: $0.text(3), subject: $0.text(4), detail: $0.text(5)) }
        }
    }
}
