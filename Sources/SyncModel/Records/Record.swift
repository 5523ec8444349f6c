/// One replicated record: its identity, the office that owns it, every field with
/// its entries (siblings sorted by dot), and the version vector of the whole record.
/// Records travel whole between replicas, never as partial deltas.
public struct Record: Hashable, Sendable {
    public let collection: String
    public let id: String
    public let office: String
    /// Field name -> its entries, sorted by dot; more than one entry means siblings.
    public private(set) var fields: [String: [FieldEntry]]
    public private(set) var vector: VersionVector

    /// The field that marks a record deleted. Deletion is a field like any other, so
    /// it can be concurrent with an edit and be seen as a conflict, never lost.
    public static let tombstoneField = "deleted"
    /// Written with the tombstone: the vector the deleting replica had seen, so that
    /// an edit it had not seen shows as a conflict instead of vanishing with the record.
    public static let deletionContextField = "deleted_seen"

    /// The changes that delete this record, as seen from this copy.
    public var deletionChanges: [String: String] {
        [Record.tombstoneField: "true", Record.deletionContextField: vector.compactText]
    }

    /// The changes that bring a deleted record back.
    public static let restoreChanges = [tombstoneField: "false"]

    public init(collection: String, id: String, office: String) {
        self.init(collection: collection, id: id, office: office, fields: [:], vector: VersionVector())
    }

    public init(
        collection: String, id: String, office: String,
        fields: [String: [FieldEntry]], vector: VersionVector
    ) {
        self.collection = collection
        self.id = id
        self.office = office
        self.fields = fields.filter { !$0.value.isEmpty }.mapValues { $0.sorted { $0.dot < $1.dot } }
        self.vector = vector
    }

    /// Fields already in the form the public initialiser makes (no empty list, entries
    /// sorted by dot): for readers that checked it, without copying the map twice.
    init(collection: String, id: String, office: String, normalizedFields: [String: [FieldEntry]], vector: VersionVector) {
        self.collection = collection
        self.id = id
        self.office = office
        self.fields = normalizedFields
        self.vector = vector
    }

    /// A local write by `dot.replica`, which has seen everything in this copy: each
    /// named field's entries are replaced by the new value.
    public mutating func write(_ changes: [String: String], dot: Dot, hlc: HLCTimestamp) {
        precondition(dot.counter > vector[dot.replica], "a write's counter must be new to the record")
        for (field, value) in changes {
            fields[field] = [FieldEntry(value: value, dot: dot, hlc: hlc)]
        }
        vector.advance(dot.replica, to: dot.counter)
    }

    /// The entries of `field`: one, several siblings, or none.
    public func entries(_ field: String) -> [FieldEntry] {
        fields[field] ?? []
    }

    /// The current value of `field`, chosen among siblings by the field's policy, so
    /// that every replica shows the same value.
    public func value(_ field: String) -> String? {
        guard let entries = fields[field] else { return nil }
        // One entry is every policy's current value: no policy to look up (this is read
        // for the index columns of every record stored).
        if entries.count == 1 { return entries[0].value }
        return FieldPolicies.policy(collection: collection, field: field).current(among: entries)?.value
    }

    /// Every field's current value.
    public var currentValues: [String: String] {
        var values: [String: String] = [:]
        for field in fields.keys { values[field] = value(field) }
        return values
    }

    /// Fields that hold siblings: the open conflicts of this record, sorted by name.
    public var fieldsWithSiblings: [String] {
        fields.filter { $0.value.count > 1 }.keys.sorted()
    }

    public var isDeleted: Bool { value(Record.tombstoneField) == "true" }

    /// The latest clock reading among all entries: when this record last changed.
    public var lastChanged: HLCTimestamp? {
        fields.values.lazy.flatMap { $0 }.map(\.hlc).max()
    }

    /// Whether every write in this copy is also in `other` (so `other` need not be sent it).
    public func isCovered(by other: Record) -> Bool {
        vector.isCovered(by: other.vector)
    }
}

extension Record: Codable {
    private enum CodingKeys: String, CodingKey {
        case collection, id, office, fields, vector
    }

    /// Decodes through the initialiser, so a copy from the wire is normalised like one
    /// built in memory (siblings sorted, empty fields dropped), and refuses a copy whose
    /// vector does not cover its own entries: merge relies on that.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            collection: try c.decode(String.self, forKey: .collection),
            id: try c.decode(String.self, forKey: .id),
            office: try c.decode(String.self, forKey: .office),
            fields: try c.decode([String: [FieldEntry]].self, forKey: .fields),
            vector: try c.decode(VersionVector.self, forKey: .vector))
        for (field, entries) in fields {
            if let entry = entries.first(where: { !vector.covers($0.dot) }) {
                throw DecodingError.dataCorruptedError(
                    forKey: .vector, in: c,
                    debugDescription: "the vector of \(collection)/\(id) does not cover write \(entry.dot) of field \(field)")
            }
            if Set(entries.map(\.dot)).count != entries.count {
                throw DecodingError.dataCorruptedError(
                    forKey: .fields, in: c, debugDescription: "field \(field) of \(collection)/\(id) holds one write twice")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(collection, forKey: .collection)
        try c.encode(id, forKey: .id)
        try c.encode(office, forKey: .office)
        try c.encode(fields, forKey: .fields)
        try c.encode(vector, forKey: .vector)
    }
}
