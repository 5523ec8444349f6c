import Foundation
import ReplicaStorage
import SyncModel

/// The offices each district hub holds, as the district reports them (issue 19): before
/// each sync round a district hub sends its status (`/v1/status`'s JSON) to
/// `POST /v1/sync/offices`; the national hub keeps each office's line and takes the office
/// into the district's scope, unless another district or this hub already holds the office
/// or its case-number code. A district thereby never reaches another district's cases.
public enum DistrictOffices {
    /// One office's line of a district's report: the keys of `OfficeHealth`'s JSON it keeps.
    public struct Reported: Sendable, Equatable, Codable {
        public var office: String
        public var state: String
        public var reasons: [String]?
        public var revoked: Bool?
        public var lastContactAt: Int64?
        public var pendingAtNode: Int?
        public var waitingAtHub: Int?
        public var openConflicts: Int?
        public var overdue: Int?
        public var softwareVersion: String?

        public init(office: String, state: String) {
            self.office = office
            self.state = state
        }
    }

    /// The report: the district's status.
    struct Report: Decodable {
        var offices: [Reported]
    }

    /// What the national hub made of a report.
    public struct Answer: Sendable, Equatable, Codable {
        public struct Refusal: Sendable, Equatable, Codable {
            public var office: String
            public var reason: String
        }

        public var hub: String
        public var accepted: [String]
        public var refused: [Refusal]
    }

    /// The most offices one report may name (a district has a few dozen).
    public static let maximumOffices = 1_000

    /// The offices `district` holds.
    static func offices(_ tx: StoreTransaction, of district: String) throws -> [String] {
        try tx.database.query("SELECT office FROM district_offices WHERE district = ? ORDER BY office", [.text(district)]) { $0.text(0) }
    }

    /// Takes `district`'s report (its status JSON): each office it names becomes the district's,
    /// or is refused with its reason; each kept line is the office's health as the district saw it.
    public static func take(_ json: [UInt8], from district: String, store: ReplicaStore, now: Int64) throws -> Answer {
        let report: Report
        do {
            report = try JSONDecoder().decode(Report.self, from: Data(json))
        } catch {
            throw ReportError.malformed("\(error)")
        }
        guard report.offices.count <= maximumOffices else {
            throw ReportError.malformed("\(report.offices.count) offices in one report; at most \(maximumOffices)")
        }
        return try store.transaction { tx in
            let db = tx.database
            var answer = Answer(hub: store.replica.rawValue, accepted: [], refused: [])
            for line in report.offices {
                if let reason = try refusal(of: line.office, for: district, tx) {
                    answer.refused.append(.init(office: line.office, reason: reason))
                    continue
                }
                try db.execute("""
                    INSERT INTO district_offices (office, district, code, reported_at, state, reasons, revoked, last_contact_at,
                                                  pending_count, waiting_at_hub, open_conflicts, overdue, software_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (office) DO UPDATE SET reported_at = excluded.reported_at, state = excluded.state,
                        reasons = excluded.reasons, revoked = excluded.revoked, last_contact_at = excluded.last_contact_at,
                        pending_count = excluded.pending_count, waiting_at_hub = excluded.waiting_at_hub,
                        open_conflicts = excluded.open_conflicts, overdue = excluded.overdue,
                        software_version = excluded.software_version
                    """, [
                        .text(line.office), .text(district), .text(CaseNumber.officeCode(of: line.office)), .integer(now),
                        .text(String(line.state.prefix(32))), .text((line.reasons ?? []).joined(separator: "; ").prefixed(1_000)),
                        .integer(line.revoked == true ? 1 : 0), line.lastContactAt.map { .integer($0) } ?? .null,
                        line.pendingAtNode.map { .integer(Int64($0)) } ?? .null, .integer(Int64(line.waitingAtHub ?? 0)),
                        .integer(Int64(line.openConflicts ?? 0)), .integer(Int64(line.overdue ?? 0)),
                        line.softwareVersion.map { .text($0.prefixed(64)) } ?? .null,
                    ])
                answer.accepted.append(line.office)
            }
            try db.execute("UPDATE districts SET reported_at = ? WHERE id = ?", [.integer(now), .text(district)])
            if !answer.refused.isEmpty {
                try AuditLog.append(tx, actor: district, action: "district offices refused", subject: district,
                                    detail: answer.refused.map { "\($0.office): \($0.reason)" }.joined(separator: "; ").prefixed(2_000), now: now)
            }
            return answer
        }
    }

    /// Why `office` cannot be `district`'s, or nil.
    private static func refusal(of office: String, for district: String, _ tx: StoreTransaction) throws -> String? {
        guard let replica = ReplicaID(office), !replica.isHub else {
            return "'\(office.prefix(80))' is not an office id"
        }
        let db = tx.database
        if let holder = try db.scalarText("SELECT district FROM district_offices WHERE office = ?", [.text(office)]) {
            return holder == district ? nil : "office \(office) is held by district \(holder) at this hub"
        }
        if try db.scalarText("SELECT id FROM offices WHERE id = ?", [.text(office)]) != nil {
            return "office \(office) syncs with this hub itself"
        }
        let code = CaseNumber.officeCode(of: office)
        if let other = try db.scalarText("SELECT office FROM district_offices WHERE code = ?", [.text(code)])
            ?? db.scalarText("SELECT id FROM offices WHERE code = ?", [.text(code)]) {
            return "office code \(code) is already used by \(other); case numbers would collide"
        }
        return nil
    }

    public enum ReportError: Error, CustomStringConvertible {
        case malformed(String)

        public var description: String {
            switch self {
            case .malformed(let why): "the offices' report is not a hub's status: \(why)"
            }
        }
    }
}

extension String {
    /// At most `count` characters.
    fileprivate func prefixed(_ count: Int) -> String { String(prefix(count)) }
}
