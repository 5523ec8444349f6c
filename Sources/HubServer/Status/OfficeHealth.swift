/// How one office's sync stands, as the administrator sees it.
public struct OfficeHealth: Sendable, Equatable, Codable {
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

    public var office: String
    public var state: State
    public var stateLabel: String
    /// Why the state is what it is, one short phrase each.
    public var reasons: [String]
    public var revoked: Bool
    public var lastContactAt: Int64?
    public var lastPushAt: Int64?
    public var lastPullAt: Int64?
    public var secondsSinceContact: Int?
    /// Records changed at the hub that the office has not pulled yet.
    public var waitingAtHub: Int
    /// Records waiting at the node, as it last reported.
    public var pendingAtNode: Int?
    public var oldestPendingSeconds: Int?
    /// Every write of the office up to this counter is at the hub…
    public var deliveredThrough: UInt64
    /// …of this many the office has made.
    public var latestCounter: UInt64
    public var refusedTotal: Int
    public var openConflicts: Int
    public var overdue: Int
    public var softwareVersion: String?
    public var clockAheadMillis: Int64?
    public var recordsIn: Int
    public var recordsOut: Int
    public var bytesIn: Int
    public var bytesOut: Int
}

/// Every office of a hub, worst first.
public struct HubStatus: Sendable, Equatable, Codable {
    public var hub: String
    public var generatedAt: Int64
    public var silentAfterSeconds: Int
    public var offices: [OfficeHealth]
    public var counts: [String: Int]
}
