import ReplicaStorage

/// Every office a hub knows (issue 19): those it serves itself and, at a national hub,
/// those its districts reported, each with the district holding it. Where a case may be
/// moved to (`case transfer`), and how the national report and status group offices.
public struct OfficeDirectory: Sendable {
    /// Office id → the district hub holding it (nil: the hub serves it itself).
    public let districtOf: [String: String?]

    public static func read(_ store: ReplicaStore) throws -> OfficeDirectory {
        try store.read { tx in
            var map: [String: String?] = [:]
            for id in try tx.database.query("SELECT id FROM offices WHERE revoked_at IS NULL", row: { $0.text(0) }) {
                map[id] = .some(nil)
            }
            for (office, district) in try tx.database.query(
                "SELECT office, district FROM district_offices WHERE revoked = 0", row: { ($0.text(0), $0.text(1)) }) {
                map[office] = .some(district)
            }
            return OfficeDirectory(districtOf: map)
        }
    }

    /// The offices a case may be moved to here.
    public var offices: Set<String> { Set(districtOf.keys) }

    /// The district holding `office`, or nil when this hub serves it (or does not know it).
    public func district(of office: String) -> String? {
        districtOf[office] ?? nil
    }
}
