import SyncModel
import ReplicaStorage

/// Who opened which confidential case file, and other access events of a web app (logins,
/// failed logins), at a soum office and at the hub's desk alike. Append-only: the table's
/// triggers refuse edits.
public struct AccessLog: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public struct Entry: Sendable, Equatable, Codable {
        public let seq: Int64
        public let at: Int64
        public let user: String
        public let action: String
        public let subject: String
        public let detail: String?
    }

    public enum Action {
        /// A specialized-care resident's case file was shown.
        public static let viewCareCase = "view-care-case"
        /// A scanned paper of a case was shown or copied out (issue 20).
        public static let viewScan = "view-scan"
        /// A scan was removed from its case (with why).
        public static let removeScan = "remove-scan"
        public static let login = "login"
        public static let loginFailed = "login-failed"
        public static let logout = "logout"
    }

    public func record(user: String, action: String, subject: String, detail: String? = nil, now: Int64 = Clock.nowMillis()) throws {
        try store.transaction { tx in
            try tx.database.execute(
                "INSERT INTO access_log (at, user, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                [.integer(now), .text(user), .text(action), .text(subject), detail.map { .text($0) } ?? .null])
        }
    }

    /// Newest first, at most `limit`; of one subject (a case number) if given.
    public func entries(subject: String? = nil, limit: Int = 200) throws -> [Entry] {
        try store.read { tx in
            var sql = "SELECT seq, at, user, action, subject, detail FROM access_log"
            var arguments: [SQLValue] = []
            if let subject {
                sql += " WHERE subject = ?"
                arguments.append(.text(subject))
            }
            arguments.append(.integer(Int64(limit)))
            return try tx.database.query(sql + " ORDER BY seq DESC LIMIT ?", arguments) {
                Entry(seq: $0.int(0), at: $0.int(1), user: $0.text(2), action: $0.text(3), subject: $0.text(4), detail: $0.optionalText(5))
            }
        }
    }
}
