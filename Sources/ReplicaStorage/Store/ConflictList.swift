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
            try row.withBlob(0) { try SyncJSON.record($0, decoder: connection.decoder) }
        }
        return records.flatMap(\.openConflicts).sorted { ($0.since, $0.id) < ($1.since, $1.id) }
    }
}
