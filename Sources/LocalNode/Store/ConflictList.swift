import SyncModel

extension StoreTransaction {
    /// Open conflicts (of one office, if given), oldest first.
    public func openConflicts(office: String? = nil) throws -> [Conflict] {
        var sql = "SELECT body FROM records WHERE conflicts > 0"
        var arguments: [SQLValue] = []
        if let office {
            sql += " AND office = ?"
            arguments.append(.text(office))
        }
        let records = try database.query(sql, arguments) { row in
            try connection.decoder.decode(Record.self, from: row.blob(0).withUnsafeBytes { .init($0) })
        }
        return records.flatMap(\.openConflicts).sorted { ($0.since, $0.id) < ($1.since, $1.id) }
    }
}
