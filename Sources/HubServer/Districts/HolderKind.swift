import SyncModel

/// The two kinds of sync token a hub gives: an office's (`offices`) and, at a national hub,
/// a district hub's (`districts`, issue 19). Both tables keep the same health columns,
/// which the sync routes write for whichever holder called.
public enum HolderKind: Sendable, Equatable {
    case office
    case district

    /// The table holding this kind's tokens and health.
    public var table: String {
        switch self {
        case .office: "offices"
        case .district: "districts"
        }
    }

    /// The kind of the holder of `scope`.
    public init(_ scope: SyncScope) {
        self = scope.isDistrict ? .district : .office
    }
}
