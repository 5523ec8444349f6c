import SyncModel

/// A pulled record that this node must not hold.
public struct ScopeViolation: Error, CustomStringConvertible, Sendable {
    public let record: RecordKey
    public let office: String
    public let ownOffice: String

    public var description: String {
        "the hub sent \(record) of office \(office) to office \(ownOffice); nothing of this batch was stored"
    }
}

extension ReplicaStore {
    /// The hub sequence this node has pulled up to.
    public func pullCheckpoint() throws -> UInt64 {
        try read { UInt64(try $0.metaInt(MetaKey.pullSince) ?? 0) }
    }

    /// Merges one pulled batch and moves the pull checkpoint in the same
    /// transaction: a crash either keeps both or neither. Returns the records of ours
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
    func applyPull(
        _ response: PullResponse, bodies: [[UInt8]?] = [], now: Int64, maximumDriftMillis: Int64,
        keeping keep: (Record) -> Bool
    ) throws -> (changed: [RecordKey], kept: [RecordKey]) {
        try transaction { tx in
            var changed: [RecordKey] = []
            var kept: [RecordKey] = []
            for (index, record) in response.records.enumerated() {
                if let office, record.office != office {
                    throw ScopeViolation(record: RecordKey(record), office: record.office, ownOffice: office)
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
}
