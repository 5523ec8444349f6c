import Synchronization

/// Logged-in browsers, in memory: a session is lost when the server stops and the
/// worker logs in again. Each has its own CSRF token, sent back in every form.
final class Sessions: Sendable {
    struct Session: Sendable {
        let id: String
        /// nil before login: the login form still needs a CSRF token.
        let user: String?
        let csrf: String
        var lastSeen: Int64
    }

    /// A session unused this long must log in again.
    static let idleTimeoutMillis: Int64 = 8 * 3600 * 1000
    /// Beyond this many sessions the least recently used are dropped.
    static let capacity = 10_000

    private let sessions = Mutex<[String: Session]>([:])

    /// The session of `id`, touched; nil when unknown or idle too long.
    func find(_ id: String?, now: Int64) -> Session? {
        guard let id else { return nil }
        return sessions.withLock { sessions in
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
    func create(user: String?, now: Int64) -> Session {
        let session = Session(id: Self.randomToken(), user: user, csrf: Self.randomToken(), lastSeen: now)
        sessions.withLock { sessions in
            if sessions.count >= Self.capacity {
                let oldest = sessions.values.sorted { $0.lastSeen < $1.lastSeen }.prefix(sessions.count - Self.capacity + 1)
                for old in oldest { sessions[old.id] = nil }
            }
            sessions[session.id] = session
        }
        return session
    }

    func remove(_ id: String) {
        sessions.withLock { $0[id] = nil }
    }

    /// 256 random bits in hex, from the system's CSPRNG.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }
}
