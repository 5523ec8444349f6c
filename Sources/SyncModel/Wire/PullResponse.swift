/// `GET /v1/sync/pull?since=<hub_seq>&limit=N`: records in the office's scope that
/// changed at the hub after `since`, in hub order.
public struct PullResponse: Codable, Sendable, Equatable {
    public var hub: ReplicaID
    public var records: [Record]
    /// The `since` to ask with next.
    public var next: UInt64
    /// Whether more records wait after `next`.
    public var more: Bool
    /// Scans the hub asks the puller to send (issue 20): named by the puller's cases and
    /// not held whole at the hub (never arrived, found damaged by `fsck`, or asked for by
    /// a national hub's desk). Left out of the JSON when there are none.
    public var wantedFiles: [WantedFile]?

    public init(hub: ReplicaID, records: [Record], next: UInt64, more: Bool, wantedFiles: [WantedFile]? = nil) {
        self.hub = hub
        self.records = records
        self.next = next
        self.more = more
        self.wantedFiles = wantedFiles
    }
}

/// A scan a hub asks for: its hash and a case of the puller's that names it.
public struct WantedFile: Codable, Sendable, Equatable, Hashable {
    public let caseNumber: String
    public let sha256: String

    public init(caseNumber: String, sha256: String) {
        self.caseNumber = caseNumber
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case caseNumber = "case", sha256
    }
}
