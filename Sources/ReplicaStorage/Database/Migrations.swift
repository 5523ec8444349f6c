/// One named step of a schema. Steps run once each, in order, each in its own
/// transaction, and are recorded in `halamj_migrations`.
public struct Migration: Sendable {
    public let name: String
    /// Nil for a retired step: its name is known (files that ran it open), it never runs.
    public let sql: String?

    public init(_ name: String, _ sql: String) {
        self.name = name
        self.sql = sql
    }

    private init(retired name: String) {
        self.name = name
        sql = nil
    }

    /// A step this kind of file no longer takes, which older releases ran in it: a file
    /// that holds it is not mistaken for one written by a newer Halamj.
    public static func retired(_ name: String) -> Migration { Migration(retired: name) }
}

public enum Migrations {
    /// SQLite's `application_id` of every Halamj file ("HALJ"), so that a database
    /// of another program is recognised and refused instead of written into.
    public static let applicationID: Int64 = 0x4841_4C4A

    /// Applies the steps that `db` has not run yet. A step recorded in the file that
    /// this build does not know means a newer Halamj wrote it: nothing is changed.
    public static func apply(_ steps: [Migration], to db: Database) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS halamj_migrations (
                name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) WITHOUT ROWID
            """)
        let applied = Set(try db.query("SELECT name FROM halamj_migrations") { $0.text(0) })
        let known = Set(steps.map(\.name))
        let unknown = applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            throw StoreOpenError.newerSchema(path: db.path, unknownMigrations: unknown)
        }
        for step in steps where !applied.contains(step.name) {
            guard let sql = step.sql else { continue }
            try db.transaction {
                try db.executeScript(sql)
                try db.execute(
                    "INSERT INTO halamj_migrations (name, applied_at) VALUES (?, ?)",
                    [.text(step.name), .integer(Clock.nowMillis())])
            }
        }
    }
}
