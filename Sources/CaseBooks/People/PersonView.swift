import SyncModel
import ReplicaStorage

/// An applicant as the office registered them: register number, name, and what the
/// register number says (birth date, sex), plus contact fields.
public struct PersonView: Sendable, Equatable, Encodable {
    public let id: String
    public let office: String
    public let values: [String: String]

    public var registerNumber: String { values[PersonFields.registerNumber] ?? "" }
    public var name: String { values[PersonFields.name] ?? "" }

    init(_ stored: StoredRecord) {
        id = stored.record.id
        office = stored.record.office
        values = stored.record.currentValues.filter { $0.key != Record.deletionContextField }
    }


    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FieldCodingKey.self)
        try c.encode(office, forKey: FieldCodingKey("office"))
        for (field, value) in values { try c.encode(value, forKey: FieldCodingKey(field)) }
    }
}

/// The collection and fields of an applicant.
public enum PersonFields {
    public static let collection = OfficeRecords.peopleCollection
    public static let registerNumber = "rd"
    public static let name = "name"
    public static let birthDate = "birth_date"
    public static let sex = "sex"
}
