import CSQLite

/// A failed SQLite call, with everything needed to act on it: SQLite's result code and
/// message, the SQL, and the file. Prints as one readable line.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    public let path: String

    public var description: String {
        if isDiskFull {
            return "\(path): the disk is full; nothing of this change was saved and what was saved before is intact. Free some space and try again"
        }
        var line = "\(path): \(message) (SQLite code \(code)"
        if let sql { line += ", in: \(sql.split(whereSeparator: \.isNewline).joined(separator: " "))" }
        return line + ")"
    }

    /// The disk or its quota is full: nothing of the failed transaction was written.
    public var isDiskFull: Bool { code & 0xFF == SQLITE_FULL }
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
}

/// A database that Halamj cannot use as it is; each case says what to do.
public enum StoreOpenError: Error, CustomStringConvertible, Sendable, Equatable {
    case missing(path: String, hint: String)
    case notADatabase(path: String)
    case foreign(path: String)
    case newerSchema(path: String, unknownMigrations: [String])
    case alreadyExists(path: String)
    case wrongRole(path: String, role: String)
    case readOnly(path: String)

    public var description: String {
        switch self {
        case .missing(let path, let hint):
            "no database at \(path): \(hint)"
        case .notADatabase(let path):
            "\(path) is not an SQLite database (corrupt, or another kind of file); restore it from a backup"
        case .foreign(let path):
            "\(path) is an SQLite database of another program, not Halamj's; pass the right --db"
        case .newerSchema(let path, let names):
            "\(path) was written by a newer Halamj (schema steps \(names.joined(separator: ", "))); install that version"
        case .readOnly(let path):
            "\(path) cannot be written (read-only file, folder or disk); Halamj writes to it even to read: fix the permissions or copy it somewhere writable"
        case .wrongRole(let path, let role):
            "\(path) is a \(role == "hub" ? "hub's" : "soum node's") database; pass the right --db"
        case .alreadyExists(let path):
            "\(path) already holds a Halamj replica; pick another --db or keep using this one"
        }
    }
}
