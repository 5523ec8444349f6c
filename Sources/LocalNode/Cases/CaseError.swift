/// A case operation that cannot be done as asked; each says what to do instead.
import SyncModel

public enum CaseError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(String)
    case invalidFieldName(String)
    case invalidValue(field: String, reason: String)
    case noChanges
    case notANode
    case notAHub(String)
    case transition(String)
    case missingDocuments([Document])
    case unknownDocument(String, valid: [String])
    case unknownService(String)

    public var description: String {
        switch self {
        case .notFound(let number):
            "no case numbered \(number); 'case list' shows the numbers"
        case .invalidFieldName(let name):
            "'\(name)' is not a field name that can be set: use lower-case letters, digits, '-' and '_' (not number, office, id)"
        case .invalidValue(let field, let reason):
            "\(field): \(reason)"
        case .noChanges:
            "give at least one <field>=<value>"
        case .notANode:
            "only a soum or khoroo node opens cases; the hub edits them with 'case set'"
        case .notAHub(let what):
            "only the district hub \(what)"
        case .transition(let reason):
            reason
        case .missingDocuments(let documents):
            "бүрдэл дутуу (documents missing): " + documents.map { "\($0.id) — \($0.mongolian)" }.joined(separator: "; ")
        case .unknownDocument(let id, let valid):
            "no document '\(id)' for this service; one of: \(valid.joined(separator: ", "))"
        case .unknownService(let value):
            "the case has no known service ('\(value)')"
        }
    }
}
