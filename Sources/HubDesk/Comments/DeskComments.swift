import HubServer
import ReplicaStorage
import SyncModel

/// The district's own notes on a case: any desk user (a reviewer too) writes one on the
/// case page for the officer who decides. Kept at the hub only (hub schema step 0109), never
/// synced to the soum (what the soum must hear goes in a decision's reason or a complaint's
/// answer), never changed; each one is also in the audit log, in the same transaction.
struct DeskComments {
    let store: ReplicaStore

    /// The longest comment taken, in characters.
    static let maxLength = 4_000

    struct Comment: Equatable {
        let at: Int64
        let user: String
        let text: String
    }

    func add(_ number: String, user: String, text: String, now: Int64) throws {
        try store.transaction { tx in
            try tx.database.execute("INSERT INTO desk_comments (case_number, at, user, text) VALUES (?, ?, ?, ?)",
                                    [.text(number), .integer(now), .text(user), .text(text)])
            try AuditLog.append(tx, actor: "desk:\(user)", action: "case comment", subject: number, detail: "\(text.count) characters", now: now)
        }
    }

    /// A case's comments, oldest first.
    func all(_ number: String) throws -> [Comment] {
        try store.read { tx in
            try tx.database.query("SELECT at, user, text FROM desk_comments WHERE case_number = ? ORDER BY seq", [.text(number)]) {
                Comment(at: $0.int(0), user: $0.text(1), text: $0.text(2))
            }
        }
    }
}
