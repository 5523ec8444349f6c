import SyncModel

/// What `fsck` finds (issue 20): every scan the replica's cases name, checked against the
/// content store. A damaged file is set aside (kept under `damaged/`) so that it can be
/// fetched again; what was found is returned for the caller to fetch or to ask for.
public struct FileAudit: Sendable {
    public let store: ReplicaStore
    public let files: ContentStore

    public init(store: ReplicaStore, files: ContentStore? = nil) {
        self.store = store
        self.files = files ?? ContentStore.beside(database: store.path)
    }

    public struct Finding: Sendable, Equatable, Codable {
        public let caseNumber: String
        public let scan: Scan
        /// `missing` or `corrupt` (set aside).
        public let state: ContentStore.State
    }

    public struct Result: Sendable, Equatable, Codable {
        /// Distinct files named by the cases, and of them the ones here whole.
        public var checked = 0
        public var intact = 0
        public var findings: [Finding] = []
        /// The hashes found whole (a hub marks them held).
        public var intactHashes: [String] = []
    }

    /// Reads every case a page at a time and checks each file once (a file named by two
    /// cases is one file). Calls `progress` with the cases read so far.
    public func run(progress: ((Int) -> Void)? = nil) throws -> Result {
        var result = Result()
        var seen: [String: ContentStore.State] = [:]
        var cases = 0
        try store.forEachRecord(of: CaseFields.collection) { stored in
            cases += 1
            if cases % 1_000 == 0 { progress?(cases) }
            for scan in Scan.attached(to: stored.record) {
                let state: ContentStore.State
                if let known = seen[scan.sha256] {
                    state = known
                } else {
                    state = files.check(scan.sha256)
                    seen[scan.sha256] = state
                    result.checked += 1
                    if state == .intact {
                        result.intact += 1
                        result.intactHashes.append(scan.sha256)
                    }
                    if state == .corrupt { try files.setAside(scan.sha256) }
                }
                if state != .intact {
                    result.findings.append(Finding(caseNumber: stored.record.id, scan: scan, state: state))
                }
            }
        }
        return result
    }
}
