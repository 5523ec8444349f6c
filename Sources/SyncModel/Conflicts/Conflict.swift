/// A field that holds concurrent values a person must choose between, or a deletion
/// made without having seen some edit. Listed with every value, who wrote each and
/// when; its id is derived from the record, the field and the sorted dots involved,
/// so it is the same on every replica.
public struct Conflict: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Siblings of one field.
        case values
        /// A deletion concurrent with edits of other fields.
        case deletion
    }

    public let id: String
    public let kind: Kind
    public let collection: String
    public let record: String
    public let office: String
    public let field: String
    public let policy: MergePolicy
    /// Sorted by dot.
    public let values: [ConflictValue]
    /// The value every replica shows until the conflict is closed.
    public let current: String

    /// When the oldest value involved was written (ms).
    public var since: Int64 { values.map(\.wallMillis).min() ?? 0 }

    /// `<collection>/<record>/<field>` and the dots, hashed: short enough to type.
    public static func makeID(collection: String, record: String, field: String, dots: [Dot]) -> String {
        let text = [collection, record, field, dots.sorted().map(\.description).joined(separator: ",")]
            .joined(separator: "\u{1F}")
        return "k" + String(SHA256.hexDigest(text).prefix(12))
    }
}

/// One of the values in a conflict.
public struct ConflictValue: Sendable, Equatable, Codable {
    public let value: String
    /// The replica (office or hub) that wrote it.
    public let replica: String
    public let counter: UInt64
    public let wallMillis: Int64
    public let isCurrent: Bool

    init(_ entry: FieldEntry, value: String? = nil, isCurrent: Bool) {
        self.value = value ?? entry.value
        replica = entry.dot.replica.rawValue
        counter = entry.dot.counter
        wallMillis = entry.hlc.wallMillis
        self.isCurrent = isCurrent
    }
}
