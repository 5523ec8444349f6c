/// The collection and the standard field names of a welfare case.
public enum CaseFields {
    public static let collection = "cases"
    public static let service = "service"
    public static let registerNumber = "rd"
    public static let name = "name"
    public static let status = "status"
    /// The identity of a case: never a field.
    public static let identity: Set<String> = ["number", "office", "id", "collection", "conflicts"]
    /// Fields set only through their own commands (`case delete`, `case transfer`,
    /// `duplicates --flag`), not `case set`.
    public static let reserved: Set<String> = Set([Record.tombstoneField, Record.deletionContextField, DoubleApplication.field])
        .union(Holding.fields)
    /// The status of a new case.
    public static let initialStatus = "draft"

    /// A field name: lower-case ASCII letters, digits, `_` and `-`, at most 64 bytes.
    /// Scans' fields (`scan_…`) are written by `case attach` alone.
    public static func isValidFieldName(_ name: String) -> Bool {
        ReplicaID.isValid(name) && !identity.contains(name) && !reserved.contains(name) && !name.hasPrefix(Scan.prefix)
    }
}
