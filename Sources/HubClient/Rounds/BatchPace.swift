import Synchronization

/// How many records the next push or pull batch carries: about as many as the link
/// moved in `targetSeconds` on the batches so far, so that one request takes a few
/// seconds whatever the link. On a LAN that is the configured maximum at once; over
/// 32 kbit/s it is a few hundred small records, or a few dozen large ones. A request
/// that short loses little when the link drops (it is sent again whole), and stays far
/// inside any proxy's or the hub's patience.
///
/// The size moves by at most half down or double up per batch, so that one round trip
/// slowed by something else (the hub busy, a burst of loss) does not swing it. A batch
/// cut short by the link (timeout, cut connection, 408, 413) halves it at once. It is
/// kept across the rounds of one client (`sync --watch`): a link that was slow a minute
/// ago is slow now.
final class BatchPace: Sendable {
    let maximum: Int
    let targetSeconds: Double
    private let size: Mutex<Int>

    /// Starts at `initial` (the maximum unless given: a first batch of scans' pieces
    /// starts small, since one piece is 16 seconds at 32 kbit/s).
    init(maximum: Int, targetSeconds: Double, initial: Int? = nil) {
        self.maximum = max(1, maximum)
        self.targetSeconds = max(0.1, targetSeconds)
        size = Mutex(min(self.maximum, max(1, initial ?? self.maximum)))
    }

    /// Records the next batch may carry.
    var current: Int { size.withLock { $0 } }

    /// A batch of `count` records was answered in `seconds`, from sending to the whole answer.
    func answered(count: Int, seconds: Double) {
        guard count > 0 else { return }
        size.withLock { size in
            // A batch smaller than the pace (the last of the queue) that came back in
            // time says nothing about larger ones.
            if count < size && seconds <= targetSeconds { return }
            let fitting = seconds > 0 ? Double(count) * targetSeconds / seconds : Double(maximum)
            let bounded = min(Double(count) * 2, max(Double(count) / 2, fitting))
            size = min(maximum, max(1, Int(bounded.rounded(.down))))
        }
    }

    /// A batch of `count` records was cut short by the link: the next carries half.
    func interrupted(count: Int) {
        size.withLock { $0 = max(1, min($0, count) / 2) }
    }
}
