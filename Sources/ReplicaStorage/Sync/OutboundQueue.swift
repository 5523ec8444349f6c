import SyncModel

/// One batch of dirty records on its way upstream, with the change-feed position
/// each had when read: the acknowledgement clears a record only if it did not
/// change meanwhile.
public struct OutboundBatch: Sendable {
    public let request: PushRequest
    public let sequences: [RecordKey: Int64]
}

/// The same batch as it goes on the wire: the request's JSON with the records'
/// stored bodies put in as they are (`RecordJSON` bytes, what encoding them would
/// write), not decoded and encoded again. The hub reads and checks every record.
public struct OutboundPush: Sendable {
    public let json: [UInt8]
    public let sequences: [RecordKey: Int64]
    /// The change-feed position of the batch's last record: every record waiting at or
    /// before it, not refused, is in the batch.
    public let lastSequence: Int64
    public var count: Int { sequences.count }

    /// Whether `response` says every record of this batch was merged and none refused:
    /// once it is acknowledged, nothing at or before `lastSequence` waits but what was
    /// refused before (what `nextOutboundPush(…, after:)` reads ahead on).
    public func isMergedWhole(by response: PushResponse) -> Bool {
        var merged = Set<RecordKey>()
        for result in response.results {
            guard result.outcome == .merged else { return false }
            merged.insert(RecordKey(collection: result.collection, id: result.id))
        }
        return sequences.keys.allSatisfy(merged.contains)
    }
}

/// What the acknowledgement of a batch did.
public struct PushOutcome: Sendable, Equatable {
    public var merged = 0
    public var refused: [PushResult] = []
}

extension ReplicaStore {
    /// Records waiting to go up: dirty and not refused (a refused one waits for a new write).
    public func waitingToPushCount() throws -> Int {
        try read { tx in Int(try tx.database.scalarInt("SELECT count(*) FROM records WHERE dirty = 1 AND refusal IS NULL") ?? 0) }
    }

    /// Queues every record to go up (a hub given an upstream for the first time: the hub
    /// above holds none of them yet).
    public func queueEverything(now: Int64) throws {
        try transaction { tx in
            try tx.database.execute(
                "UPDATE records SET dirty = 1, refusal = NULL, pending_at = coalesce(pending_at, ?)", [.integer(now)])
        }
    }

    /// The oldest dirty records not refused, at most `limit`, with the delivery
    /// watermark the node will have once they are merged. Nil when nothing is left.
    public func nextOutboundBatch(limit: Int, now: Int64) throws -> OutboundBatch? {
        try read { tx in
            guard let next = try tx.outbound(limit: limit, now: now) else { return nil }
            let decoder = tx.connection.decoder
            let records = try next.rows.map { try SyncJSON.record($0.body, decoder: decoder) }
            let request = PushRequest(
                replica: replica, deliveredThrough: next.delivered, latestCounter: next.latest,
                pendingCount: next.pending, oldestPendingSeconds: next.oldestSeconds, records: records)
            return OutboundBatch(request: request, sequences: next.sequences)
        }
    }

    /// The same batch, ready to send (what `SyncClient` pushes).
    ///
    /// With `after`, the batch that will be next once the batch ending at change-feed
    /// position `after` is acknowledged with every record merged (`isMergedWhole`), read
    /// before that acknowledgement commits: its records merged unchanged count as
    /// clean (those changed since moved past `after` and still wait). The same rows and
    /// numbers as reading after the acknowledgement, so that the next batch can be on
    /// its way while the previous one is still being acknowledged.
    public func nextOutboundPush(limit: Int, now: Int64, after: Int64? = nil) throws -> OutboundPush? {
        try read { tx in
            guard let next = try tx.outbound(limit: limit, now: now, after: after) else { return nil }
            let json = PushRequest.json(
                replica: replica, deliveredThrough: next.delivered, latestCounter: next.latest,
                pendingCount: next.pending, oldestPendingSeconds: next.oldestSeconds,
                recordBodies: next.rows.map(\.body))
            return OutboundPush(json: json, sequences: next.sequences, lastSequence: next.rows.last?.seq ?? 0)
        }
    }

    /// Records what the hub said of a batch, in one transaction: merged records that
    /// did not change meanwhile are clean; refused ones keep their reason and wait
    /// for a new write.
    @discardableResult
    public func acknowledge(_ batch: OutboundBatch, response: PushResponse, now: Int64) throws -> PushOutcome {
        try acknowledge(sequences: batch.sequences, response: response, now: now)
    }

    @discardableResult
    public func acknowledge(_ batch: OutboundPush, response: PushResponse, now: Int64) throws -> PushOutcome {
        try acknowledge(sequences: batch.sequences, response: response, now: now)
    }

    private func acknowledge(sequences: [RecordKey: Int64], response: PushResponse, now: Int64) throws -> PushOutcome {
        try transaction { tx in
            var outcome = PushOutcome()
            for result in response.results {
                let key = RecordKey(collection: result.collection, id: result.id)
                guard let seq = sequences[key] else { continue }
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

/// The next batch's rows and what the request says of the queue.
struct OutboundRows {
    var rows: [(key: RecordKey, body: [UInt8], seq: Int64)]
    var delivered: UInt64
    var latest: UInt64
    var pending: Int
    var oldestSeconds: Int?

    var sequences: [RecordKey: Int64] {
        Dictionary(rows.map { ($0.key, $0.seq) }, uniquingKeysWith: { a, _ in a })
    }
}

extension StoreTransaction {
    /// The next batch and what its request says of the queue. With `after`: as they
    /// will be once every record waiting at or before that position, not refused, is
    /// clean (`nextOutboundPush(…, after:)`).
    func outbound(limit: Int, now: Int64, after: Int64? = nil) throws -> OutboundRows? {
        let db = database
        // Refused records wait at any position; the others only after `after`.
        let floor = after ?? Int64.min
        let rows = try db.query("""
            SELECT collection, id, body, local_seq FROM records
            WHERE dirty = 1 AND refusal IS NULL AND local_seq > ? ORDER BY local_seq LIMIT ?
            """, [.integer(floor), .integer(Int64(limit))]
        ) { (key: RecordKey(collection: $0.text(0), id: $0.text(1)), body: $0.blob(2), seq: $0.int(3)) }
        guard let lastSeq = rows.last?.seq else { return nil }
        let latest = try latestCounter()
        // Every own write before the first one still waiting outside this batch
        // will be at the hub once this batch is merged.
        let firstWaiting = try db.scalarInt("""
            SELECT pending_since FROM records
            WHERE dirty = 1 AND pending_since IS NOT NULL AND (local_seq > ? OR refusal IS NOT NULL)
            ORDER BY pending_since LIMIT 1
            """, [.integer(lastSeq)])
        let delivered = firstWaiting.map { UInt64($0) - 1 } ?? latest
        var pending = Int(try db.scalarInt("SELECT count(*) FROM records WHERE dirty = 1") ?? 0)
        let oldest: Int64?
        if let after {
            // Less the records that will be clean: read from the front of the dirty index,
            // not by looking up every waiting record (what an OR over columns would do).
            pending -= Int(try db.scalarInt(
                "SELECT count(*) FROM records WHERE dirty = 1 AND local_seq <= ? AND refusal IS NULL",
                [.integer(after)]) ?? 0)
            oldest = try db.scalarInt("""
                SELECT pending_at FROM records WHERE dirty = 1 AND pending_at IS NOT NULL
                    AND (local_seq > ? OR refusal IS NOT NULL)
                ORDER BY pending_at LIMIT 1
                """, [.integer(after)])
        } else {
            oldest = try db.scalarInt(
                "SELECT pending_at FROM records WHERE dirty = 1 AND pending_at IS NOT NULL ORDER BY pending_at LIMIT 1")
        }
        return OutboundRows(
            rows: rows, delivered: delivered, latest: latest, pending: pending,
            oldestSeconds: oldest.map { Int(max(0, now - $0) / 1000) })
    }
}
