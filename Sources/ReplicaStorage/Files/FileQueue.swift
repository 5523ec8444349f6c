import SyncModel

/// The files this replica attached that its upstream does not hold whole yet
/// (replica step 0013), oldest first.
public struct QueuedFile: Sendable, Equatable {
    public let sha256: String
    public let key: RecordKey
    public let byteCount: Int
    public let queuedAt: Int64
}

/// How much waits to go up: files and their bytes.
public struct FilesWaiting: Sendable, Equatable, Codable {
    public var count: Int
    public var bytes: Int

    public init(count: Int = 0, bytes: Int = 0) {
        self.count = count
        self.bytes = bytes
    }

    /// `3 · 4.1 MB · ~17 мин (min) at 3.9 KB/s`: the time at the last measured rate of
    /// the link, else at 32 kbit/s (the slowest link an office is expected to have).
    public func line(bytesPerSecond: Int?) -> String {
        guard count > 0 else { return short }
        let rate = max(1, bytesPerSecond ?? 4_000)
        let seconds = (bytes + rate - 1) / rate
        let at = bytesPerSecond.map { "at the last sync's \(ByteText.rate(bytesPerSecond: Double($0)))" } ?? "at 32 kbit/s"
        return "\(short) · ~\(HumanTime.duration(seconds: seconds)) \(at)"
    }

    /// `3 · 4.1 MB`, or `0`.
    public var short: String { count == 0 ? "0" : "\(count) · \(ByteText.bytes(bytes))" }
}

extension StoreTransaction {
    /// The files in the queue and their bytes.
    public func filesWaiting() throws -> FilesWaiting {
        try database.query("SELECT count(*), coalesce(sum(bytes), 0) FROM file_queue") {
            FilesWaiting(count: Int($0.int(0)), bytes: Int($0.int(1)))
        }.first ?? FilesWaiting()
    }

    /// Queues `sha256` (referenced by `key`) for upstream; a file queued already stays
    /// where it is in the queue.
    public func queueFile(_ sha256: String, for key: RecordKey, byteCount: Int, now: Int64) throws {
        try database.execute(
            "INSERT OR IGNORE INTO file_queue (sha256, collection, id, bytes, queued_at) VALUES (?, ?, ?, ?, ?)",
            [.text(sha256), .text(key.collection), .text(key.id), .integer(Int64(byteCount)), .integer(now)])
    }
}

extension ReplicaStore {
    /// The next file to send after `after` (in queue order), if any.
    public func nextQueuedFile(after: QueuedFile? = nil) throws -> QueuedFile? {
        if let after {
            return try queued("WHERE (queued_at, sha256) > (?, ?) ORDER BY queued_at, sha256 LIMIT 1",
                              [.integer(after.queuedAt), .text(after.sha256)]).first
        }
        return try queued("ORDER BY queued_at, sha256 LIMIT 1").first
    }

    /// Every file waiting, in queue order.
    public func queuedFiles() throws -> [QueuedFile] {
        try queued("ORDER BY queued_at, sha256")
    }

    private func queued(_ clauses: String, _ arguments: [SQLValue] = []) throws -> [QueuedFile] {
        try read { tx in
            try tx.database.query("SELECT sha256, collection, id, bytes, queued_at FROM file_queue \(clauses)", arguments) {
                QueuedFile(sha256: $0.text(0), key: RecordKey(collection: $0.text(1), id: $0.text(2)),
                           byteCount: Int($0.int(3)), queuedAt: $0.int(4))
            }
        }
    }

    /// Queues the files upstream asks for (a pull answer's `wantedFiles`) that are here
    /// whole and named by the case given; returns how many were not queued before.
    @discardableResult
    public func queueWanted(_ wanted: [WantedFile], files: ContentStore, now: Int64) throws -> Int {
        let here = wanted.filter { files.contains($0.sha256) }
        guard !here.isEmpty else { return 0 }
        return try transaction { tx in
            var added = 0
            for file in here {
                let key = RecordKey(collection: CaseFields.collection, id: file.caseNumber)
                guard let record = try tx.load(key)?.record,
                      let scan = Scan.attached(to: record).first(where: { $0.sha256 == file.sha256 }) else { continue }
                try tx.queueFile(scan.sha256, for: key, byteCount: scan.byteCount, now: now)
                if tx.database.changes > 0 { added += 1 }
            }
            return added
        }
    }

    /// Upstream holds `sha256` whole: it leaves the queue.
    public func fileDelivered(_ sha256: String) throws {
        try transaction { try $0.database.execute("DELETE FROM file_queue WHERE sha256 = ?", [.text(sha256)]) }
    }

    public func filesWaiting() throws -> FilesWaiting {
        try read { try $0.filesWaiting() }
    }
}
