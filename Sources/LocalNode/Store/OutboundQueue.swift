import SyncModel

/// One batch of dirty records on its way upstream, with the change-feed position
/// each had when read: the acknowledgement clears a record only if it did not
/// change meanwhile.
public struct OutboundBatch: Sendable {
    public let request: PushRequest
    public let sequences: [RecordKey: Int64]
}

/// What the acknowledgement of a batch did.
public struct PushOutcome: Sendable, Equatable {
    public var merged = 0
    public var refused: [PushResult] = []
}

extension ReplicaStore {
    /// The oldest dirty records not refused, at most `limit`, with the delivery
    /// watermark the node will have once they are merged. Nil when nothing is left.
    public func nextOutboundBatch(limit: Int, now: Int64) throws -> OutboundBatch? {
        try read { tx in
            let db = tx.database
            let rows = try db.query(
                "SELECT body, local_seq FROM records WHERE dirty = 1 AND refusal IS NULL ORDER BY local_seq LIMIT ?",
                [.integer(Int64(limit))]) { ($0.blob(0), $0.int(1)) }
            guard let lastSeq = rows.last?.1 else { return nil }
            let decoder = tx.connection.decoder
            var records: [Record] = []
            var sequences: [RecordKey: Int64] = [:]
            for (body, seq) in rows {
                let record = try decoder.decode(Record.self, from: body.withUnsafeBytes { .init($0) })
                records.append(record)
                sequences[RecordKey(record)] = seq
            }
            let latest = try tx.latestCounter()
            // Every own write before the first one still waiting outside this batch
            // will be at the hub once this batch is merged.
            let firstWaiting = try db.scalarInt(
                "SELECT min(pending_since) FROM records WHERE dirty = 1 AND (local_seq > ? OR refusal IS NOT NULL)",
                [.integer(lastSeq)])
            let delivered = firstWaiting.map { UInt64($0) - 1 } ?? latest
            let pending = Int(try db.scalarInt("SELECT count(*) FROM records WHERE dirty = 1") ?? 0)
            let oldest = try db.scalarInt("SELECT min(pending_at) FROM records WHERE dirty = 1")
            let request = PushRequest(
                replica: replica, deliveredThrough: delivered, latestCounter: latest,
                pendingCount: pending,
                oldestPendingSeconds: oldest.map { Int(max(0, now - $0) / 1000) },
                records: records)
            return OutboundBatch(request: request, sequences: sequences)
        }
    }

    /// Records what the hub said of a batch, in one transaction: merged records that
    /// did not change meanwhile are clean; refused ones keep their reason and wait
    /// for a new write.
    @discardableResult
    public func acknowledge(_ batch: OutboundBatch, response: PushResponse, now: Int64) throws -> PushOutcome {
        try transaction { tx in
            var outcome = PushOutcome()
            for result in response.results {
                let key = RecordKey(collection: result.collection, id: result.id)
                guard let seq = batch.sequences[key] else { continue }
                switch result.outcome {
                case .merged:
                    outcome.merged += 1
                    try tx.database.execute("""
                        UPDATE records SET dirty = 0, pending_since = NULL, pending_at = NULL
                        WHERE collection = ? AND id = ? AND local_seq = ?
                        """, [.text(key.collection), .text(key.id), .integer(seq)])
                case .refused:
                    outcome.refused.append(result)
                    let reason = [result.field.map { "\($0): " } ?? "", result.reason ?? "refused"].joined()
                    try tx.database.execute(
                        "UPDATE records SET refusal = ? WHERE collection = ? AND id = ? AND local_seq = ?",
                        [.text(reason), .text(key.collection), .text(key.id), .integer(seq)])
                }
            }
            try tx.setMeta(MetaKey.upstreamDeliveredThrough, String(response.deliveredThrough))
            try tx.setMeta(MetaKey.lastPushAt, String(now))
            return outcome
        }
    }
}
