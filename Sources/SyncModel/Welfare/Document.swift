/// One item of a service's document checklist: a label (`document.id`,
/// `document.mongolian`, `document.english`) and who brings it. On a case it is the
/// flag field `doc_<id>` (policy `flag`: received wins over missing).
@dynamicMemberLookup
public struct Document: Hashable, Sendable, CustomStringConvertible {
    /// Who brings a document to the case: the soum collects its papers before it
    /// submits; the aimag/district adds its own (the governor's decree, the labour and
    /// welfare agency's letter) before or with its decision.
    public enum Stage: String, Hashable, Sendable, Codable {
        case soum, district

        public var mongolian: String {
            switch self {
            case .soum: "сум, хороо бүрдүүлнэ"
            case .district: "аймаг, дүүрэг бүрдүүлнэ"
            }
        }

        public var english: String {
            switch self {
            case .soum: "collected by the soum/khoroo before submitting"
            case .district: "added by the aimag/district with its decision"
            }
        }
    }

    /// Its id is snake_case ASCII, `[a-z0-9_]`, unique within a service's checklist;
    /// its Mongolian text is the source's where there is one.
    public let label: Label
    public let stage: Stage

    public init(id: String, mongolian: String, english: String, stage: Stage = .soum) {
        self.label = Label(id: id, mongolian: mongolian, english: english)
        self.stage = stage
    }

    public subscript<Value>(dynamicMember part: KeyPath<Label, Value>) -> Value { label[keyPath: part] }

    /// The case field that records whether this document is here.
    public var field: String { FieldPolicies.checklistPrefix + label.id }

    public var description: String { label.description }

    /// Whether `id` is snake_case ASCII (`[a-z0-9_]`, starting with a letter).
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return id.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
    }
}
