import ReplicaStorage

/// How one office's sync stands, as the administrator sees it: the office and what
/// the hub makes of it. Written out (`/v1/status`, `halamj-hub status --json`), never read back.
@dynamicMemberLookup
public struct OfficeHealth: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Registered but never heard from.
        case never
        /// No contact for longer than the threshold.
        case silent
        /// In contact, but something waits for a person: refused writes, open
        /// conflicts, overdue decisions, changes waiting at the node for over a day.
        case attention
        case healthy

        /// Worst first.
        public var severity: Int {
            switch self {
            case .silent: 0
            case .never: 1
            case .attention: 2
            case .healthy: 3
            }
        }

        public var label: String {
            switch self {
            case .never: "Холбогдоогүй (never synced)"
            case .silent: "Чимээгүй (silent)"
            case .attention: "Анхаарах (needs attention)"
            case .healthy: "Хэвийн (healthy)"
            }
        }
    }

    /// The office as the registry holds it; its fields read as the health's own
    /// (`health.lastContactAt`, `health.pendingCount`).
    public var office: Office
    public var state: State
    /// Why the state is what it is, one short phrase each.
    public var reasons: [String]
    public var secondsSinceContact: Int?
    /// Records changed at the hub that the office has not pulled yet.
    public var waitingAtHub: Int
    public var refusedTotal: Int
    public var openConflicts: Int
    public var overdue: Int
    /// Scans its cases name that have not reached this hub whole (issue 20): counted,
    /// never shown.
    public var filesWaiting = FilesWaiting()

    public subscript<Value>(dynamicMember field: KeyPath<Office, Value>) -> Value { office[keyPath: field] }

    public var stateLabel: String { state.label }
    public var revoked: Bool { office.revokedAt != nil }
}

extension OfficeHealth: Encodable {
    /// The keys of `/v1/status` and `halamj-hub status --json`, which scripts read.
    enum CodingKeys: String, CodingKey {
        case office, state, stateLabel, reasons, revoked, lastContactAt, lastPushAt, lastPullAt, lastAddress, secondsSinceContact
        case waitingAtHub, pendingAtNode, oldestPendingSeconds, deliveredThrough, latestCounter, refusedTotal
        case openConflicts, overdue, softwareVersion, clockAheadMillis, recordsIn, recordsOut, bytesIn, bytesOut
        case filesWaiting, fileBytesWaiting
    }

    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: CodingKeys.self)
        try json.encode(office.id, forKey: .office)
        try json.encode(state, forKey: .state)
        try json.encode(stateLabel, forKey: .stateLabel)
        try json.encode(reasons, forKey: .reasons)
        try json.encode(revoked, forKey: .revoked)
        try json.encodeIfPresent(office.lastContactAt, forKey: .lastContactAt)
        try json.encodeIfPresent(office.lastPushAt, forKey: .lastPushAt)
        try json.encodeIfPresent(office.lastPullAt, forKey: .lastPullAt)
        try json.encodeIfPresent(office.lastAddress, forKey: .lastAddress)
        try json.encodeIfPresent(secondsSinceContact, forKey: .secondsSinceContact)
        try json.encode(waitingAtHub, forKey: .waitingAtHub)
        try json.encodeIfPresent(office.pendingCount, forKey: .pendingAtNode)
        try json.encodeIfPresent(office.oldestPendingSeconds, forKey: .oldestPendingSeconds)
        try json.encode(office.deliveredThrough, forKey: .deliveredThrough)
        try json.encode(office.latestCounter, forKey: .latestCounter)
        try json.encode(refusedTotal, forKey: .refusedTotal)
        try json.encode(openConflicts, forKey: .openConflicts)
        try json.encode(overdue, forKey: .overdue)
        try json.encode(filesWaiting.count, forKey: .filesWaiting)
        try json.encode(filesWaiting.bytes, forKey: .fileBytesWaiting)
        try json.encodeIfPresent(office.softwareVersion, forKey: .softwareVersion)
        try json.encodeIfPresent(office.clockAheadMillis, forKey: .clockAheadMillis)
        try json.encode(office.recordsIn, forKey: .recordsIn)
        try json.encode(office.recordsOut, forKey: .recordsOut)
        try json.encode(office.bytesIn, forKey: .bytesIn)
        try json.encode(office.bytesOut, forKey: .bytesOut)
    }
}

/// Every office of a hub, worst first; at a national hub every district hub with the
/// offices it reported; at a district hub, its sync with the national hub.
public struct HubStatus: Sendable, Equatable, Encodable {
    public var hub: String
    public var generatedAt: Int64
    public var silentAfterSeconds: Int
    public var offices: [OfficeHealth]
    public var counts: [String: Int]
    public var districts: [DistrictHealth] = []
    public var upstream: UpstreamHealth?

    private enum CodingKeys: String, CodingKey {
        case hub, generatedAt, silentAfterSeconds, offices, counts, districts, upstream
    }

    /// `districts` only at a national hub and `upstream` only at a district: a district
    /// hub's status JSON is what it was before issue 19, plus its upstream when it has one.
    public func encode(to encoder: any Encoder) throws {
        var json = encoder.container(keyedBy: CodingKeys.self)
        try json.encode(hub, forKey: .hub)
        try json.encode(generatedAt, forKey: .generatedAt)
        try json.encode(silentAfterSeconds, forKey: .silentAfterSeconds)
        try json.encode(offices, forKey: .offices)
        try json.encode(counts, forKey: .counts)
        if !districts.isEmpty { try json.encode(districts, forKey: .districts) }
        try json.encodeIfPresent(upstream, forKey: .upstream)
    }
}
