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
    /// A soum tried to mark a paper the aimag/district adds.
    case districtDocument(Document)
    /// An approval without the district's own papers (the agency's letter).
    case missingDistrictDocuments([Document])
    case unknownService(String)
    /// A transfer to an office this hub does not know, or to the office holding the case.
    case transfer(String)
    /// A scan that cannot be attached or given (size, kind, not on the case).
    case scan(String)

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
        case .districtDocument(let document):
            "«\(document.mongolian)» баримтыг аймаг, дүүрэг шийдвэртэйгээ хамт бүрдүүлнэ, сум тэмдэглэхгүй (\(document.id) is added by the aimag/district with its decision, not by the soum)"
        case .missingDistrictDocuments(let documents):
            "шийдвэрийн өмнө аймаг, дүүргийн баримт дутуу (the district's documents are missing before approval; mark them with 'halamj-hub case doc' or --received): "
                + documents.map { "\($0.id) — \($0.mongolian)" }.joined(separator: "; ")
        case .unknownService(let value):
            "the case has no known service ('\(value)')"
        case .transfer(let reason), .scan(let reason):
            reason
        }
    }
}
