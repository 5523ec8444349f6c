import Foundation
import Synchronization
import HalamjHTTP

/// A token bucket per office: `burst` requests at once, refilled at `perSecond`.
/// An office past it is answered 429 with `Retry-After`, which the node honours.
public final class RateLimiter: Sendable {
    public let perSecond: Double
    public let burst: Double

    private struct Bucket {
        var tokens: Double
        var updated: Int64
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    public init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// Takes one request's token for `office`, or throws 429 saying when to retry.
    public func admit(_ office: String, now: Int64) throws {
        let wait: Double? = buckets.withLock { buckets in
            var bucket = buckets[office] ?? Bucket(tokens: burst, updated: now)
            let elapsed = Double(max(0, now - bucket.updated)) / 1000
            bucket.tokens = min(burst, bucket.tokens + elapsed * perSecond)
            bucket.updated = now
            defer { buckets[office] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / perSecond
        }
        if let wait {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw HTTPError(429, "rate-limited",
                            "\(office) sends more than \(Int(perSecond)) requests a second; retry in \(seconds) s",
                            headers: [("Retry-After", String(seconds))])
        }
    }
}
