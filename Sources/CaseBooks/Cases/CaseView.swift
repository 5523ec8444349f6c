import SyncModel
import ReplicaStorage

/// A welfare case as people see it: its number and office, and the current value of
/// every field. Fields with siblings (an unresolved conflict) list all their values.
public struct CaseView: Sendable, Equatable, Encodable {
    public let number: String
    public let office: String
    public let values: [String: String]
    /// Field -> every sibling value, for fields in conflict.
    public let conflicts: [String: [String]]
    /// Why the hub refused this case's last push, if it did.
    public let refusal: String?
    public let dirty: Bool

    public var service: String? { values[CaseFields.service] }
    public var isDeleted: Bool { values[Record.tombstoneField] == "true" }
    public var status: String? { values[CaseFields.status] }
    /// The office that holds the case now (`Record.currentOffice`): `office` opened it, and a
    /// hub may have moved it since (`case transfer`).
    public var holder: String { values[Holding.officeField] ?? office }
    /// Whether a hub moved the case from the office that opened it.
    public var wasTransferred: Bool { holder != office }
    /// The scanned papers attached to the case (issue 20), by document.
    public var scans: [Scan] { Scan.attached(in: values) }

    /// Whether `office` holds the case now or held it before a transfer: its node keeps a
    /// copy (read-only once the case moved away).
    public func concerns(_ office: String) -> Bool {
        office == self.office || path.contains(office)
    }

    /// Every office that held the case, oldest first, and last the one holding it now
    /// (`offices_before`, then `office_now`); `[office]` for a case never moved.
    public var path: [String] {
        (values[Holding.formerField].map { $0.split(separator: ",").map(String.init) } ?? (wasTransferred ? [office] : [])) + [holder]
    }

    public init(_ stored: StoredRecord) {
        let record = stored.record
        number = record.id
        office = record.office
        values = record.currentValues.filter { $0.key != Record.deletionContextField }
        var conflicts: [String: [String]] = [:]
        for field in record.fieldsWithSiblings {
            conflicts[field] = record.entries(field).map(\.value)
        }
        self.conflicts = conflicts
        refusal = stored.refusal
        dirty = stored.dirty
    }


    /// One flat object: `number`, `office`, then every field by its name, and
    /// `conflicts` only when some field holds siblings.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FieldCodingKey.self)
        try c.encode(number, forKey: FieldCodingKey("number"))
        try c.encode(office, forKey: FieldCodingKey("office"))
        for (field, value) in values where !CaseFields.identity.contains(field) {
            try c.encode(value, forKey: FieldCodingKey(field))
        }
        if !conflicts.isEmpty { try c.encode(conflicts, forKey: FieldCodingKey("conflicts")) }
    }
}
