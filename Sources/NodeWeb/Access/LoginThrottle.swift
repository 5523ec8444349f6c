import Synchronization

/// Slows down password guessing: after `allowedFailures` wrong passwords for a name,
/// that name cannot log in for `lockMillis`.
final class LoginThrottle: Sendable {
    static let allowedFailures = 5
    static let lockMillis: Int64 = 60_000

    private struct Failures { var count = 0; var lockedUntil: Int64 = 0 }
    private let failures = Mutex<[String: Failures]>([:])

    /// Milliseconds until `name` may try again, or nil when it may now.
    func wait(for name: String, now: Int64) -> Int64? {
        failures.withLock { failures in
            guard let entry = failures[name], entry.lockedUntil > now else { return nil }
            return entry.lockedUntil - now
        }
    }

    func failed(_ name: String, now: Int64) {
        failures.withLock { failures in
            var entry = failures[name] ?? Failures()
            entry.count += 1
            if entry.count >= Self.allowedFailures {
                entry.count = 0
                entry.lockedUntil = now + Self.lockMillis
            }
            failures[name] = entry
        }
    }

    func succeeded(_ name: String) {
        failures.withLock { $0[name] = nil }
    }
}
