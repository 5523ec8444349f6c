/// A case operation that cannot be done as asked; each says what to do instead.
public enum CaseError: Error, Equatable, CustomStringConvertible, Sendable {
    case notFound(String)
    case invalidFieldName(String)
    case invalidValue(field: String, reason: String)
    case noChanges
    case notANode

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
        }
    }
}
