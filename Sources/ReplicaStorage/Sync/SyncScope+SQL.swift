import SyncModel

extension SyncScope {
    /// The scope's offices as a query binds them (`office IN (…)`; SQLite answers one
    /// office as `office = ?`, off the `records_office_seq` index).
    var officeArguments: [SQLValue] {
        sortedOffices.map { .text($0) }
    }
}
