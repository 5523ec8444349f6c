import Synchronization

/// What the application adds to a request's log line: who asked (`office`, `user`), and why
/// it failed when it answers a failure itself instead of throwing it. Only what may be
/// logged goes here: never a token, a password, a citizen's name or register number.
public final class RequestNotes: Sendable {
    private let state = Mutex<(fields: [(String, String)], cause: String?)>(([], nil))

    public init() {}

    /// Sets `key` (a second note of the same key replaces the first).
    public func note(_ key: String, _ value: String) {
        state.withLock { state in
            state.fields.removeAll { $0.0 == key }
            state.fields.append((key, value))
        }
    }

    /// The cause of a failure the application answered itself (a 500 page).
    public func noteFailure(_ error: any Error) {
        let cause = String(describing: error)
        state.withLock { $0.cause = cause }
    }

    public var fields: [(String, String)] { state.withLock { $0.fields } }
    public var cause: String? { state.withLock { $0.cause } }
}
