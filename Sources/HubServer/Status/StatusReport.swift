import ReplicaStorage
import SyncModel

/// Builds the hub's status: what each office last told the hub, what waits for it,
/// and whether it has gone silent.
public struct StatusReport: Sendable {
    public let store: ReplicaStore
    /// No contact for longer than this makes an office silent.
    public let silentAfterSeconds: Int

    public static let defaultSilentAfterSeconds = 48 * 3_600
    /// Changes waiting at a node for longer than this need attention.
    public static let stalePendingSeconds = 24 * 3_600

    public init(store: ReplicaStore, silentAfterSeconds: Int = StatusReport.defaultSilentAfterSeconds) {
        self.store = store
        self.silentAfterSeconds = silentAfterSeconds
    }

    public func build(now: Int64) throws -> HubStatus {
        let offices = try OfficeRegistry(store: store).list()
        // Cases, read off the overdue index: no body is read for the count.
        let today = try store.localDate(now)
        let overdue = try store.read { try $0.overdueCounts(before: today.dayNumber) }
        let perOffice = try store.read { tx in
            try offices.map { office -> (waiting: Int, conflicts: Int, pulled: Int64, refused: Int) in
                let row = try tx.database.query(
                    "SELECT pulled_through, refused_total FROM offices WHERE id = ?", [.text(office.id)]
                ) { ($0.int(0), Int($0.int(1))) }.first ?? (0, 0)
                let waiting = try tx.database.scalarInt(
                    "SELECT count(*) FROM records WHERE office = ? AND local_seq > ?", [.text(office.id), .integer(row.0)]) ?? 0
                let conflicts = try tx.database.scalarInt(
                    "SELECT coalesce(sum(conflicts), 0) FROM records WHERE office = ? AND conflicts > 0", [.text(office.id)]) ?? 0
                return (Int(waiting), Int(conflicts), row.0, row.1)
            }
        }
        var health: [OfficeHealth] = []
        for (office, extra) in zip(offices, perOffice) {
            let since = office.lastContactAt.map { Int(max(0, now - $0) / 1000) }
            var reasons: [String] = []
            let state: OfficeHealth.State
            if office.lastContactAt == nil {
                state = .never
                reasons.append("нэг ч удаа холбогдоогүй (never synced)")
            } else if let since, let last = office.lastContactAt, now - last > Int64(silentAfterSeconds) * 1000 {
                state = .silent
                reasons.append("\(since / 3_600) цаг холбогдоогүй (no contact for \(since / 3_600) h)")
            } else {
                if extra.refused > 0 { reasons.append("\(extra.refused) татгалзсан (refused)") }
                if extra.conflicts > 0 { reasons.append("\(extra.conflicts) зөрчил (conflicts)") }
                if let late = overdue[office.id], late > 0 { reasons.append("\(late) хугацаа хэтэрсэн (overdue)") }
                if let oldest = office.oldestPendingSeconds, (office.pendingCount ?? 0) > 0, oldest > Self.stalePendingSeconds {
                    reasons.append("илгээгээгүй \(oldest / 3_600) цаг (unsent for \(oldest / 3_600) h)")
                }
                state = reasons.isEmpty ? .healthy : .attention
            }
            if office.revokedAt != nil { reasons.append("токен хүчингүй (token revoked)") }
            health.append(OfficeHealth(
                office: office, state: state, reasons: reasons, secondsSinceContact: since, waitingAtHub: extra.waiting,
                refusedTotal: extra.refused, openConflicts: extra.conflicts, overdue: overdue[office.id] ?? 0))
        }
        health.sort {
            if $0.state.severity != $1.state.severity { return $0.state.severity < $1.state.severity }
            if ($0.lastContactAt ?? 0) != ($1.lastContactAt ?? 0) { return ($0.lastContactAt ?? 0) < ($1.lastContactAt ?? 0) }
            return $0.id < $1.id
        }
        var counts: [String: Int] = [:]
        for state in OfficeHealth.State.allCases { counts[state.rawValue] = health.filter { $0.state == state }.count }
        return HubStatus(hub: store.replica.rawValue, generatedAt: now, silentAfterSeconds: silentAfterSeconds,
                         offices: health, counts: counts)
    }
}
