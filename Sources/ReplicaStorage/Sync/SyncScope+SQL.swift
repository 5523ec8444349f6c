import SyncModel

extension SyncScope {
    /// The condition on `records.office` that keeps a query within the scope, and its
    /// arguments: `office = ?` for one office (the `records_office_seq` index answers it),
    /// `office IN (?, …)` for several.
    var officeCondition: (sql: String, arguments: [SQLValue]) {
        let offices = sortedOffices
        if offices.count == 1 { return ("office = ?", [.text(offices[0])]) }
        let marks = Array(repeating: "?", count: offices.count).joined(separator: ", ")
        return ("office IN (\(marks))", offices.map { .text($0) })
    }
}
