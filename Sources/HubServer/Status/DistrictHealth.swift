import ReplicaStorage
import SyncModel

/// How one district hub's sync with the national hub stands (issue 19), and below it the
/// offices it last reported, as it saw them then: a silent district and a silent soum both show.
public struct DistrictHealth: Sendable, Equatable, Encodable {
    /// The district hub's own sync health, judged as an office's is.
    public var health: OfficeHealth
    /// The aimag or district it serves (`district add --name`).
    public var name: String
    /// When it last reported its offices.
    public var reportedAt: Int64?
    public var offices: [ReportedOffice]
}

/// One office's line as its district last reported it.
public struct ReportedOffice: Sendable, Equatable, Encodable {
    public var office: String
    public var state: String
    public var stateLabel: String
    public var reasons: String
    public var revoked: Bool
    public var lastContactAt: Int64?
    public var secondsSinceContact: Int?
    public var pendingAtNode: Int?
    public var waitingAtHub: Int
    public var openConflicts: Int
    public var overdue: Int
    public var softwareVersion: String?
    public var reportedAt: Int64

    /// The offices `district` reported, worst first as the district judged them.
    static func read(_ tx: StoreTransaction, district: String, now: Int64) throws -> [ReportedOffice] {
        let offices = try tx.database.query("""
            SELECT office, state, reasons, revoked, last_contact_at, pending_count, waiting_at_hub, open_conflicts,
                   overdue, software_version, reported_at
            FROM district_offices WHERE district = ? ORDER BY office
            """, [.text(district)]) { row in
            let state = row.text(1)
            return ReportedOffice(
                office: row.text(0), state: state, stateLabel: OfficeHealth.State(rawValue: state)?.label ?? state,
                reasons: row.text(2), revoked: row.int(3) != 0, lastContactAt: row.optionalInt(4),
                secondsSinceContact: row.optionalInt(4).map { Int(max(0, now - $0) / 1000) },
                pendingAtNode: row.optionalInt(5).map(Int.init), waitingAtHub: Int(row.int(6)),
                openConflicts: Int(row.int(7)), overdue: Int(row.int(8)), softwareVersion: row.optionalText(9),
                reportedAt: row.int(10))
        }
        let severity = { (state: String) in OfficeHealth.State(rawValue: state)?.severity ?? 9 }
        return offices.sorted { (severity($0.state), $0.office) < (severity($1.state), $1.office) }
    }
}

/// A district hub's sync with the national hub above it, as its own store keeps it.
public struct UpstreamHealth: Sendable, Equatable, Encodable {
    public var url: String
    public var lastSyncAt: Int64?
    public var lastSyncAttemptAt: Int64?
    public var lastSyncError: String?
    /// Records changed here that the national hub does not have yet.
    public var pendingCount: Int

    static func read(_ store: ReplicaStore) throws -> UpstreamHealth? {
        guard let upstream = try store.upstream() else { return nil }
        let status = try store.status()
        return UpstreamHealth(url: upstream.url.absoluteString, lastSyncAt: status.lastSyncAt,
                              lastSyncAttemptAt: status.lastSyncAttemptAt, lastSyncError: status.lastSyncError,
                              pendingCount: status.pendingCount)
    }
}
