/// An age range in whole years, `min...max`, or `min` and over when `max` is nil.
public struct AgeBracket: Hashable, Sendable, Codable, CustomStringConvertible {
    public let min: Int
    public let max: Int?

    public init(_ min: Int, _ max: Int? = nil) {
        self.min = min
        self.max = max
    }

    public func contains(_ age: Int) -> Bool {
        age >= min && max.map { age <= $0 } ?? true
    }

    /// "65-69", "90+".
    public var description: String { max.map { "\(min)-\($0)" } ?? "\(min)+" }

    /// The brackets of the elderly age gift (Насны хишиг).
    public static let ageGift: [AgeBracket] = [AgeBracket(65, 69), AgeBracket(70, 79), AgeBracket(80, 89), AgeBracket(90)]
}
