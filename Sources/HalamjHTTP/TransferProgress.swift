/// One transfer watched under an `HTTPProgressRule`: says how long the next wait for the
/// peer may last, and whether the transfer has fallen behind. `now` is a parameter so that
/// tests can move time instead of sleeping.
struct TransferProgress {
    private let minimumBytes: Int
    private let window: Duration
    private let limitEnds: ContinuousClock.Instant
    private var windowEnds: ContinuousClock.Instant
    private var bytesInWindow = 0

    /// The rule's limit counts from `start` (a body's from its request's first byte); its
    /// first window from `now`.
    init(_ rule: HTTPProgressRule, startedAt start: ContinuousClock.Instant = .now, now: ContinuousClock.Instant = .now) {
        minimumBytes = rule.minimumBytes
        window = .seconds(rule.window)
        limitEnds = start + .seconds(rule.limit)
        windowEnds = now + window
    }

    /// A plain deadline, however many bytes move before it.
    init(until deadline: ContinuousClock.Instant) {
        minimumBytes = 0
        window = .zero
        limitEnds = deadline
        windowEnds = deadline
    }

    /// When the next bytes must have moved, or the transfer is cut.
    var deadline: ContinuousClock.Instant { min(windowEnds, limitEnds) }

    /// True once the window ended short of its bytes, or the limit passed.
    func isOverdue(at now: ContinuousClock.Instant = .now) -> Bool { now >= deadline }

    /// Counts bytes that moved; a window that reaches its minimum opens the next one. Bytes
    /// that come after the window ended do not rescue it.
    mutating func record(_ bytes: Int, at now: ContinuousClock.Instant = .now) {
        guard minimumBytes > 0, !isOverdue(at: now) else { return }
        bytesInWindow += bytes
        if bytesInWindow >= minimumBytes {
            bytesInWindow = 0
            windowEnds = now + window
        }
    }
}
