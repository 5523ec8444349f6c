import Synchronization

/// Slows down password guessing: after `allowedFailures` attempts for a name that
/// did not succeed, that name cannot log in for `lockMillis`. An attempt counts before
/// its password is checked, so parallel guesses cannot all slip past the count.
public final class LoginThrottle: Sendable {
    public static let allowedFailures = 5
    public static let lockMillis: Int64 = 60_000

    private struct Failures { var count = 0; var lockedUntil: Int64 = 0 }
    private let failures = Mutex<[String: Failures]>([:])

    /// Milliseconds until `name` may try again, or nil when it may now.
    public init() {}

    public func wait(for name: String, now: Int64) -> Int64? {
        failures.withLock { failures in
            guard let entry = failures[name], entry.lockedUntil > now else { return nil }
            return entry.lockedUntil - now
        }
    }

    /// Names tracked at most; past that the oldest locks are forgotten first.
    public static let capacity = 10_000

    /// Counts an attempt for `name` (before checking its password); `succeeded` undoes it.
    public func attempt(_ name: String, now: Int64) {
        failures.withLock { failures in
            if failures.count >= Self.capacity, failures[name] == nil,
               let oldest = failures.min(by: { $0.value.lockedUntil < $1.value.lockedUntil }) {
                failures[oldest.key] = nil
            }
            var entry = failures[name] ?? Failures()
            entry.count += 1
            if entry.count >= Self.allowedFailures {
                entry.count = 0
                entry.lockedUntil = now + Self.lockMillis
            }
            failures[name] = entry
        }
    }

    public func succeeded(_ name: String) {
        failures.withLock { $0[name] = nil }
    }
}
