/// What a person at the district's desk may do. A role never sees a button it may not use,
/// and the server refuses the route anyway.
public enum DeskRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads every queue and case, and comments; decides nothing.
    case reviewer
    /// Also receives, decides, answers complaints and resolves conflicts.
    case officer
    /// Also manages the desk's users and the offices.
    case admin

    public var mongolian: String {
        switch self {
        case .reviewer: "хянагч"
        case .officer: "мэргэжилтэн"
        case .admin: "админ"
        }
    }

    /// Decide, receive, pay, answer a complaint, resolve a conflict, open a care file.
    public var acts: Bool { self >= .officer }
    /// Manage users and offices.
    public var administers: Bool { self == .admin }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: DeskRole, b: DeskRole) -> Bool { a.rank < b.rank }
}
