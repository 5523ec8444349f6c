import SyncModel
import HalamjHTTP

/// What a push says of the node itself (software version, pending count and age,
/// counters), checked before any of it is kept: these go on the dashboard, into
/// metrics and into SQLite integers, so a value no honest node sends is refused with
/// 400 instead of filling a page or trapping a conversion.
struct SelfReport {
    static let maximumVersionBytes = 64
    /// More records than a district holds in a decade of work.
    static let maximumPendingCount = 100_000_000
    /// Twenty years.
    static let maximumPendingSeconds = 20 * 366 * 24 * 3600

    let softwareVersion: String
    let pendingCount: Int
    let oldestPendingSeconds: Int?

    init(_ push: PushRequest) throws {
        guard push.latestCounter <= PushAcceptance.highestCounter, push.deliveredThrough <= PushAcceptance.highestCounter else {
            throw HTTPError(400, "malformed", "latestCounter and deliveredThrough must be at most \(Int64.max)")
        }
        guard (0...Self.maximumPendingCount).contains(push.pendingCount) else {
            throw HTTPError(400, "malformed", "pendingCount must be 0 to \(Self.maximumPendingCount), not \(push.pendingCount)")
        }
        if let age = push.oldestPendingSeconds, !(0...Self.maximumPendingSeconds).contains(age) {
            throw HTTPError(400, "malformed", "oldestPendingSeconds must be 0 to \(Self.maximumPendingSeconds), not \(age)")
        }
        let version = push.softwareVersion
        guard version.utf8.count <= Self.maximumVersionBytes,
              version.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw HTTPError(
                400, "malformed",
                "softwareVersion must be at most \(Self.maximumVersionBytes) printable ASCII characters")
        }
        softwareVersion = version
        pendingCount = push.pendingCount
        oldestPendingSeconds = push.oldestPendingSeconds
    }
}
