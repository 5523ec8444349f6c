import ReplicaStorage
import SyncModel

/// `halamj-hub fsck` (issue 20): checks every scan the hub's cases name; a damaged one is
/// set aside. Files found whole are marked held; missing and damaged ones are wanted
/// again, so that the office holding the case sends them with its next sync (the pull
/// answer asks for them). The hub never fetches from an office: offices call the hub.
public struct HubFileCheck: Sendable {
    public let store: ReplicaStore

    public init(store: ReplicaStore) {
        self.store = store
    }

    public func run(now: Int64, progress: ((Int) -> Void)? = nil) throws -> FileAudit.Result {
        let result = try FileAudit(store: store).run(progress: progress)
        let keys = Set(result.findings.map(\.caseNumber))
        try store.transaction { tx in
            for sha in result.intactHashes { try FileRefs.held(tx, sha) }
            for number in keys {
                guard let record = try tx.load(RecordKey(collection: CaseFields.collection, id: number))?.record else { continue }
                for finding in result.findings where finding.caseNumber == number {
                    try FileRefs.want(tx, finding.scan, of: record, now: now)
                    try FileRefs.lost(tx, finding.scan.sha256, now: now)
                }
            }
            if !result.findings.isEmpty {
                try AuditLog.append(tx, actor: "fsck", action: "scans wanted again", subject: "files",
                                    detail: result.findings.map { "\($0.caseNumber) \($0.scan.sha256.prefix(16)) \($0.state.rawValue)" }.joined(separator: "; "),
                                    now: now)
            }
        }
        return result
    }
}
