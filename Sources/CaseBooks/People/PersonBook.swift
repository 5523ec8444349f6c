import SyncModel
import ReplicaStorage

/// The applicants an office has registered. A person's record id is the office code
/// and the register number, so two offices can each register the same citizen
/// without their records colliding at the hub.
public struct PersonBook: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public enum PersonError: Error, Equatable, CustomStringConvertible {
        case exists(String, name: String)
        case notFound(String)
        case notANode

        public var description: String {
            switch self {
            case .exists(let rd, let name): "\(rd) is already registered here (\(name))"
            case .notFound(let rd): "no person with register number \(rd) here; 'person add' registers one"
            case .notANode: "applicants are registered at a soum or khoroo node"
            }
        }
    }

    func key(_ rd: RegisterNumber, office: String) -> RecordKey {
        RecordKey(collection: PersonFields.collection, id: CaseNumber.officeCode(of: office) + "-" + rd.text)
    }

    /// Registers an applicant; birth date and sex come from the register number.
    public func add(
        _ rd: RegisterNumber, name: String, fields extra: [String: String] = [:], now: Int64 = Clock.nowMillis()
    ) throws -> PersonView {
        guard store.role == .node, let office = store.office else { throw PersonError.notANode }
        let key = key(rd, office: office)
        var changes = extra
        changes[PersonFields.registerNumber] = rd.text
        changes[PersonFields.name] = name
        changes[PersonFields.birthDate] = rd.birthDate.iso
        changes[PersonFields.sex] = rd.sex.rawValue
        let stored = try store.transaction { tx in
            if let existing = try tx.load(key) {
                throw PersonError.exists(rd.text, name: existing.record.value(PersonFields.name) ?? "")
            }
            return try tx.write(key, office: office, changes: changes, now: now)
        }
        return PersonView(stored)
    }

    public func find(_ rd: RegisterNumber) throws -> PersonView? {
        guard let office = store.office else { return nil }
        return try store.read { try $0.load(key(rd, office: office)) }.map(PersonView.init)
    }

    /// Everyone registered (at one office, if given), in Mongolian alphabetical order.
    public func list(office: String? = nil) throws -> [PersonView] {
        let people = try store.read { try $0.records(collection: PersonFields.collection, office: office) }.map(PersonView.init)
        return people.sorted { MongolianCollation.areInIncreasingOrder($0.name, $1.name) }
    }
}
