/// A term from the sources: a stable ASCII id for code and the wire, the Mongolian
/// text people see first, and an English gloss beside it.
public struct Label: Hashable, Sendable, Codable, CustomStringConvertible {
    public let id: String
    public let mongolian: String
    public let english: String

    public init(id: String, mongolian: String, english: String) {
        self.id = id
        self.mongolian = mongolian
        self.english = english
    }

    /// "Mongolian (English)", the way labels are shown.
    public var description: String { bilingual(mongolian, english) }
}

/// Mongolian first, then English in parentheses: the form of every reason and label.
func bilingual(_ mongolian: String, _ english: String) -> String {
    "\(mongolian) (\(english))"
}
