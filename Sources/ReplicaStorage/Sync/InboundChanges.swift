import SyncModel

extension ReplicaStore {
    /// The hub sequence this node has pulled up to.
    public func pullCheckpoint() throws -> UInt64 {
        try read { UInt64(try $0.metaInt(MetaKey.pullSince) ?? 0) }
    }

    /// Merges one pulled batch and moves the pull checkpoint in the same
    /// transaction: a crash either keeps both or neither. A node (or a district hub, for
    /// its offices) refuses a record that fails `PulledRecordCheck` alone (kept in `pull_refusals` with the reason, shown
    /// by `status`) and merges the rest. Returns the records of ours
    /// that changed. `bodies`, when given, holds for each record the bytes it arrived
    /// as if they are what `RecordJSON.encode` writes for it
    /// (`SyncJSON.pullResponseKeepingBodies`), stored as they are where they fit.
    @discardableResult
    public func applyPull(
        _ response: PullResponse, bodies: [[UInt8]?] = [], now: Int64,
        maximumDriftMillis: Int64 = HybridClock.defaultMaximumDriftMillis
    ) throws -> [RecordKey] {
        try applyPull(response, bodies: bodies, now: now, maximumDriftMillis: maximumDriftMillis, keeping: { _ in false }).changed
    }

    /// The same, and our changed copies (as they are now) that `keep` picks, so that
    /// what follows a pull need not load them again.
    public func applyPull(
        _ response: PullResponse, bodies: [[UInt8]?] = [], now: Int64, maximumDriftMillis: Int64,
        keeping keep: (Record) -> Bool
    ) throws -> (changed: [RecordKey], kept: [RecordKey]) {
        try transaction { tx in
            var changed: [RecordKey] = []
            var kept: [RecordKey] = []
            let check = try pulledRecordCheck(tx)
            let refusedBefore = try tx.database.scalarInt("SELECT count(*) FROM pull_refusals") ?? 0
            for (index, record) in response.records.enumerated() {
                if let reason = check?.refusal(record) {
                    try tx.database.execute("""
                        INSERT INTO pull_refusals (collection, id, reason, at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (collection, id) DO UPDATE SET reason = excluded.reason, at = excluded.at
                        """, [.text(record.collection), .text(record.id), .text(reason), .integer(now)])
                    continue
                }
                if refusedBefore > 0 {
                    try tx.database.execute("DELETE FROM pull_refusals WHERE collection = ? AND id = ?",
                                            [.text(record.collection), .text(record.id)])
                }
                try tx.observeClock(of: record, now: now, maximumDriftMillis: maximumDriftMillis)
                let merge = try tx.merge(
                    record, held: try tx.load(RecordKey(record)), from: .upstream, now: now,
                    body: index < bodies.count ? bodies[index] : nil)
                if merge.changed {
                    changed.append(RecordKey(record))
                    if keep(merge.stored.record) { kept.append(RecordKey(record)) }
                }
            }
            let previous = UInt64(try tx.metaInt(MetaKey.pullSince) ?? 0)
            try tx.setMeta(MetaKey.pullSince, String(max(previous, response.next)))
            try tx.setMeta(MetaKey.lastPullAt, String(now))
            return (changed, kept)
        }
    }

    /// What this replica checks of a pulled record: a node, its office's; a district hub, the
    /// offices it serves (`StoreTransaction.servedOffices`).
    private func pulledRecordCheck(_ tx: StoreTransaction) throws -> PulledRecordCheck? {
        let counter = try tx.latestCounter()
        if let office { return PulledRecordCheck(office: office, replica: replica, latestCounter: counter) }
        guard let offices = try tx.servedOffices() else { return nil }
        let scope = SyncScope.district(ReplicaLineage.base(of: replica.rawValue), offices: offices)
        return PulledRecordCheck(scope: scope, replica: replica, latestCounter: counter)
    }
}
