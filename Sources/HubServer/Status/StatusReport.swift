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
        let files = try store.read { try FileRefs.waitingByOffice($0) }
        var health: [OfficeHealth] = []
        for (office, extra) in zip(offices, perOffice) {
            var line = judge(office, refused: extra.refused, conflicts: extra.conflicts,
                             overdue: overdue[office.id] ?? 0, waiting: extra.waiting, now: now)
            line.filesWaiting = files[office.id] ?? FilesWaiting()
            health.append(line)
        }
        health.sort {
            if $0.state.severity != $1.state.severity { return $0.state.severity < $1.state.severity }
            if ($0.lastContactAt ?? 0) != ($1.lastContactAt ?? 0) { return ($0.lastContactAt ?? 0) < ($1.lastContactAt ?? 0) }
            return $0.id < $1.id
        }
        var counts: [String: Int] = [:]
        for state in OfficeHealth.State.allCases { counts[state.rawValue] = health.filter { $0.state == state }.count }
        return HubStatus(hub: store.replica.rawValue, generatedAt: now, silentAfterSeconds: silentAfterSeconds,
                         offices: health, counts: counts, districts: try districts(overdue: overdue, now: now),
                         upstream: try UpstreamHealth.read(store))
    }

    /// What the hub makes of one office (or district hub): its state and the reasons for it.
    func judge(_ office: Office, refused: Int, conflicts: Int, overdue: Int, waiting: Int, now: Int64) -> OfficeHealth {
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
            if refused > 0 { reasons.append("\(refused) татгалзсан (refused)") }
            if conflicts > 0 { reasons.append("\(conflicts) зөрчил (conflicts)") }
            if overdue > 0 { reasons.append("\(overdue) хугацаа хэтэрсэн (overdue)") }
            if let oldest = office.oldestPendingSeconds, (office.pendingCount ?? 0) > 0, oldest > Self.stalePendingSeconds {
                reasons.append("илгээгээгүй \(oldest / 3_600) цаг (unsent for \(oldest / 3_600) h)")
            }
            state = reasons.isEmpty ? .healthy : .attention
        }
        if office.revokedAt != nil { reasons.append("токен хүчингүй (token revoked)") }
        return OfficeHealth(
            office: office, state: state, reasons: reasons, secondsSinceContact: since, waitingAtHub: waiting,
            refusedTotal: refused, openConflicts: conflicts, overdue: overdue)
    }

    /// At a national hub, every district hub's own sync health and the offices it last
    /// reported below it (issue 19), worst district first.
    func districts(overdue: [String: Int], now: Int64) throws -> [DistrictHealth] {
        let districts = try DistrictRegistry(store: store).list()
        guard !districts.isEmpty else { return [] }
        let rows = try store.read { tx in
            try districts.map { district -> (extra: (waiting: Int, conflicts: Int, refused: Int), reportedAt: Int64?, offices: [ReportedOffice]) in
                let row = try tx.database.query(
                    "SELECT pulled_through, refused_total, reported_at FROM districts WHERE id = ?", [.text(district.id)]
                ) { ($0.int(0), Int($0.int(1)), $0.optionalInt(2)) }.first ?? (0, 0, nil)
                let offices = try ReportedOffice.read(tx, district: district.id, now: now)
                let ids = offices.map { SQLValue.text($0.office) }
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
                let waiting = ids.isEmpty ? 0 : Int(try tx.database.scalarInt(
                    "SELECT count(*) FROM records WHERE office IN (\(marks)) AND local_seq > ?", ids + [.integer(row.0)]) ?? 0)
                let conflicts = ids.isEmpty ? 0 : Int(try tx.database.scalarInt(
                    "SELECT coalesce(sum(conflicts), 0) FROM records WHERE office IN (\(marks)) AND conflicts > 0", ids) ?? 0)
                return ((waiting, conflicts, row.1), row.2, offices)
            }
        }
        var result: [DistrictHealth] = []
        for (district, row) in zip(districts, rows) {
            let late = row.offices.reduce(0) { $0 + (overdue[$1.office] ?? 0) }
            var health = judge(district, refused: row.extra.refused, conflicts: row.extra.conflicts, overdue: late,
                               waiting: row.extra.waiting, now: now)
            let silentOffices = row.offices.filter { $0.state == OfficeHealth.State.silent.rawValue || $0.state == OfficeHealth.State.never.rawValue }
            if !silentOffices.isEmpty, health.state == .healthy || health.state == .attention {
                health.state = .attention
                health.reasons.append("\(silentOffices.count) алба чимээгүй (offices silent)")
            }
            result.append(DistrictHealth(health: health, name: district.code, reportedAt: row.reportedAt, offices: row.offices))
        }
        return result.sorted {
            if $0.health.state.severity != $1.health.state.severity { return $0.health.state.severity < $1.health.state.severity }
            return $0.health.id < $1.health.id
        }
    }
}
