/// A `field=value` word, as in `halamj-node set 2026-0042 name=Бат-Эрдэнэ`.
///
/// The split is at the first `=`, so the value may itself contain `=` and may be empty
/// (to clear a field); the field name may not be empty.
public struct Assignment: Sendable, Equatable {
    public let field: String
    public let value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }

    /// Pass the command's usage so the error can show it.
    public static func parse(_ word: String, usage: Usage? = nil) throws(UsageError) -> Assignment {
        // Searched among scalars: as a Character, "=" followed by a combining mark
        // would not compare equal to "=".
        guard let equals = word.unicodeScalars.firstIndex(of: "=") else {
            throw UsageError("Expected <field>=<value>, but got '\(word)'", usage: usage)
        }
        let field = String(word.unicodeScalars[..<equals])
        guard !field.isEmpty else {
            throw UsageError("Missing field name before '=' in '\(word)'", usage: usage)
        }
        let value = String(word.unicodeScalars[word.unicodeScalars.index(after: equals)...])
        return Assignment(field: field, value: value)
    }
}
