import ReplicaStorage
import SyncModel

/// A person at a hub opening a scan its cases name (issue 20): given when the hub holds it
/// whole, else asked of the office (or, at a national hub, of the district) holding the
/// case: its next sync sends it (the pull answer's `wantedFiles`). Scans travel up on
/// demand, not every scan to every level.
public struct ScanRequests: Sendable {
    public let store: ReplicaStore
    public let files: ContentStore

    public init(store: ReplicaStore) {
        self.store = store
        files = ContentStore.beside(database: store.path)
    }

    public enum Answer: Sendable {
        case file(Scan, [UInt8])
        /// Not here (yet): asked of `office`'s side at `askedAt`.
        case asked(Scan, office: String)
    }

    /// Scan `sha256` of case `number`, or nil when the case names no such file.
    public func open(_ sha256: String, case number: String, now: Int64) throws -> Answer? {
        let key = RecordKey(collection: CaseFields.collection, id: number)
        guard let record = try store.read({ try $0.load(key) })?.record,
              let scan = Scan.attached(to: record).first(where: { $0.sha256 == sha256 }) else { return nil }
        do {
            return .file(scan, try files.read(sha256))
        } catch ContentStoreError.corrupt {
            try files.setAside(sha256)
        } catch ContentStoreError.missing {
        }
        try store.transaction { tx in
            try FileRefs.want(tx, scan, of: record, now: now)
        }
        return .asked(scan, office: record.currentOffice)
    }

    /// Whether each scan is here whole (not read: for the list on a case page).
    public func held(_ scans: [Scan]) -> Set<String> {
        Set(scans.map(\.sha256).filter(files.contains))
    }
}
