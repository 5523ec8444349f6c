import Synchronization

/// Logged-in browsers, in memory: a session is lost when the server stops and the
/// user logs in again. Each has its own CSRF token, sent back in every form.
public final class Sessions: Sendable {
    public struct Session: Sendable {
        public let id: String
        /// nil before login: the login form still needs a CSRF token.
        public let user: String?
        public let csrf: String
        public let createdAt: Int64
        public var lastSeen: Int64
    }

    public init() {}

    /// A session unused this long must log in again.
    public static let idleTimeoutMillis: Int64 = 8 * 3600 * 1000
    /// Beyond this many logged-in sessions the least recently used is dropped.
    public static let capacity = 10_000
    /// Pre-login sessions (the login form's CSRF token) are kept apart and fewer, so
    /// that a page elsewhere loading /login thousands of times cannot push out the
    /// workers who are logged in.
    public static let anonymousCapacity = 1_000

    private let sessions = Mutex<[String: Session]>([:])
    private let anonymous = Mutex<[String: Session]>([:])

    /// The session of `id`, touched; nil when unknown or idle too long.
    public func find(_ id: String?, now: Int64) -> Session? {
        guard let id else { return nil }
        return Self.touch(id, in: sessions, now: now) ?? Self.touch(id, in: anonymous, now: now)
    }

    private static func touch(_ id: String, in pool: borrowing Mutex<[String: Session]>, now: Int64) -> Session? {
        pool.withLock { sessions in
            guard var session = sessions[id] else { return nil }
            guard now - session.lastSeen < Self.idleTimeoutMillis else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = now
            sessions[id] = session
            return session
        }
    }

    /// A new session (always a new id, so a session id planted before login is
    /// worthless after it).
    public func create(user: String?, now: Int64) -> Session {
        let session = Session(id: Self.randomToken(), user: user, csrf: Self.randomToken(), createdAt: now, lastSeen: now)
        if user == nil {
            anonymous.withLock { Self.insert(session, into: &$0, capacity: Self.anonymousCapacity) }
        } else {
            sessions.withLock { Self.insert(session, into: &$0, capacity: Self.capacity) }
        }
        return session
    }

    /// One scan for the least recently used when full: no sort under the lock.
    private static func insert(_ session: Session, into pool: inout [String: Session], capacity: Int) {
        if pool.count >= capacity, let oldest = pool.values.min(by: { $0.lastSeen < $1.lastSeen }) {
            pool[oldest.id] = nil
        }
        pool[session.id] = session
    }

    public func remove(_ id: String) {
        sessions.withLock { $0[id] = nil }
        anonymous.withLock { $0[id] = nil }
    }


    /// 256 random bits in hex, from the system's CSPRNG.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }
}
