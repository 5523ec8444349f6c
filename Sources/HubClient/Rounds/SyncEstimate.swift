import Foundation
import HalamjCompression
import SyncModel
import ReplicaStorage

/// What the next sync would send up, counted before anything is sent
/// (`halamj-node sync --estimate`, the web app's sync page): the records waiting, in the
/// batches they would go in, with each batch's body as it would go on the wire.
/// What the hub sends back is not known until it sends it.
public struct SyncEstimate: Sendable, Codable, Equatable {
    /// Records waiting to go up.
    public var records = 0
    /// Push requests at most, at the largest batch size (a slow link makes more, smaller ones).
    public var requests = 0
    /// Bytes up as they would go: request heads and bodies, bodies gzip-compressed when
    /// the hub said it takes them.
    public var bytes = 0
    /// The same without compression.
    public var uncompressedBytes = 0
    /// Whether `bytes` counts compressed bodies.
    public var compressed = false
    /// Bytes a second (both ways) of the last round that moved enough to tell.
    public var lastLinkBytesPerSecond: Int?

    public init() {}

    /// Seconds the link needs for `bytes` at `bitsPerSecond`.
    public func seconds(atBitsPerSecond bitsPerSecond: Double) -> Double {
        Double(bytes * 8) / bitsPerSecond
    }

    /// `~20 сек (s)`: that time for people, rounded up.
    public func timeText(atBitsPerSecond bitsPerSecond: Double) -> String {
        Self.timeText(seconds(atBitsPerSecond: bitsPerSecond))
    }

    /// The last sync's rate and the time `bytes` take at it; nil when none was measured.
    public var atLastRate: (rate: String, time: String)? {
        guard let rate = lastLinkBytesPerSecond, rate > 0 else { return nil }
        return (ByteText.rate(bytesPerSecond: Double(rate)), Self.timeText(Double(bytes) / Double(rate)))
    }

    private static func timeText(_ seconds: Double) -> String {
        "~" + HumanTime.duration(seconds: Int(seconds.rounded(.up)))
    }

    /// A request head (line, host, token, version, type, length, codings) and the head of
    /// its answer: about what each push costs besides its body.
    static let headBytesPerRequest = 450
}

extension ReplicaStore {
    /// Reads the outbound queue as `SyncClient` would send it, `batchSize` records a
    /// request, compressing each body when `compress` (the hub takes gzip). Writes nothing.
    public func estimatePush(batchSize: Int, compress: Bool) throws -> SyncEstimate {
        var estimate = SyncEstimate()
        estimate.compressed = compress
        estimate.lastLinkBytesPerSecond = try lastLinkRate()
        var after: Int64?
        let now = Clock.nowMillis()
        while let batch = try nextOutboundPush(limit: max(1, batchSize), now: now, after: after) {
            estimate.records += batch.count
            estimate.requests += 1
            estimate.uncompressedBytes += batch.json.count + SyncEstimate.headBytesPerRequest
            let sent = compress && batch.json.count >= Gzip.worthwhileBytes ? Gzip.compress(batch.json).count : batch.json.count
            estimate.bytes += sent + SyncEstimate.headBytesPerRequest
            after = batch.lastSequence
        }
        return estimate
    }
}
