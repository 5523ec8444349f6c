import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The DevTools protocol connection over Chromium's fd 3 / fd 4 pipe pair.
///
/// One reader thread owns the read end: it splits the stream on NUL, decodes each
/// message, hands replies to the caller waiting on that `id`, and fans events out to
/// subscriptions. Callers block on their own reply, so any number of threads may send
/// concurrently; writes are serialised so frames never interleave.
final class DevToolsPipe: Sendable {
    private let commandFD: Int32
    private let messageFD: Int32

    private struct State {
        var nextID = 1
        var pending: [Int: PendingReply] = [:]
        var subscriptions: [ObjectIdentifier: EventSubscription] = [:]
        /// Recent events, for diagnostics via `takeEvents()`.
        var recentEvents: [DevToolsEvent] = []
        /// Set once the pipe is unusable; every later call fails with it.
        var closedBy: BrowserError?
    }

    private let state = Mutex(State())
    /// Serialises frames; its value is true once our write end is closed.
    private let writeLock = Mutex(false)
    private let readerFinished = DispatchSemaphore(value: 0)

    /// How many unclaimed events `takeEvents()` can return; older ones are dropped.
    static let recentEventCapacity = 500
    /// Bytes per `read`; messages larger than this simply take several reads.
    static let readChunkSize = 64 * 1024

    init(commandFD: Int32, messageFD: Int32) {
        self.commandFD = commandFD
        self.messageFD = messageFD
    }

    /// Starts the reader thread. It runs until Chromium closes its end of the pipe.
    func start() {
        let thread = Thread { [self] in readLoop() }
        thread.name = "BrowserDriver.DevToolsPipe"
        thread.start()
    }

    /// Sends a command and blocks until its reply, an error reply, the timeout, or EOF.
    ///
    /// - Returns: the reply's `result` object.
    func send(
        _ method: String,
        params: [String: Any] = [:],
        sessionId: String? = nil,
        timeout: TimeInterval
    ) throws(BrowserError) -> [String: Any] {
        let reply = PendingReply()
        let registered = state.withLock { state -> Result<Int, BrowserError> in
            if let closedBy = state.closedBy { return .failure(closedBy) }
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = reply
            return .success(id)
        }
        let id = try registered.get()

        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let sessionId { message["sessionId"] = sessionId }
        // JSONSerialization traps instead of throwing on e.g. a Swift struct in params.
        guard JSONSerialization.isValidJSONObject(message) else {
            _ = state.withLock { $0.pending.removeValue(forKey: id) }
            throw .unexpectedReply(method: method, detail: "params are not JSON-serialisable: \(params)")
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: message)
            try write(Array(data) + [0])
        } catch {
            _ = state.withLock { $0.pending.removeValue(forKey: id) }
            throw (error as? BrowserError)
                ?? .unexpectedReply(method: method, detail: "cannot encode params: \(error)")
        }

        let outcome = reply.wait(until: .now() + timeout)
        guard let outcome else {
            _ = state.withLock { $0.pending.removeValue(forKey: id) }
            // The reply may have landed between the timeout and the removal above.
            if let late = reply.result { return try Self.unwrap(late, method: method) }
            throw .commandTimedOut(method: method, seconds: timeout)
        }
        return try Self.unwrap(outcome, method: method)
    }

    /// Starts collecting events of `methods` for `sessionId` (nil: browser-level events).
    func subscribe(sessionId: String?, methods: Set<String>) -> EventSubscription {
        let subscription = EventSubscription(sessionId: sessionId, methods: methods)
        state.withLock { state in
            if let closedBy = state.closedBy {
                subscription.end(closedBy)
            } else {
                state.subscriptions[ObjectIdentifier(subscription)] = subscription
            }
        }
        return subscription
    }

    func unsubscribe(_ subscription: EventSubscription) {
        _ = state.withLock { $0.subscriptions.removeValue(forKey: ObjectIdentifier(subscription)) }
    }

    /// Returns and clears the events received since the last call (at most the newest
    /// ``recentEventCapacity``).
    func takeEvents() -> [DevToolsEvent] {
        state.withLock { state in
            defer { state.recentEvents.removeAll() }
            return state.recentEvents
        }
    }

    /// Closes our write end so Chromium sees EOF on fd 3, which alone makes it exit.
    func closeCommandEnd() {
        writeLock.withLock { closed in
            guard !closed else { return }
            // Fail first, so no writer can reach the fd number after it is closed.
            fail(.browserClosed)
            close(commandFD)
            closed = true
        }
    }

    /// Waits (bounded) for the reader thread to see EOF and release the read end.
    @discardableResult
    func waitForReader(timeout: TimeInterval) -> Bool {
        readerFinished.wait(timeout: .now() + timeout) == .success
    }

    // MARK: - Writing

    private func write(_ bytes: [UInt8]) throws(BrowserError) {
        let failure: BrowserError? = writeLock.withLock { closed in
            if closed { return .browserClosed }
            if let closedBy = state.withLock({ $0.closedBy }) { return closedBy }
            var offset = 0
            // Bounded: every turn either writes at least one byte or returns.
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    Glibc.write(commandFD, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written > 0 {
                    offset += written
                } else if written == -1 && errno == EINTR {
                    continue
                } else {
                    return .browserExited("writing to the DevTools pipe failed: \(String(cString: strerror(errno)))")
                }
            }
            return nil
        }
        if let failure { throw failure }
    }

    // MARK: - Reading

    private func readLoop() {
        var framer = NULFramer()
        var chunk = [UInt8](repeating: 0, count: Self.readChunkSize)
        var reason = "the DevTools pipe was closed"
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(messageFD, $0.baseAddress, $0.count) }
            if count == -1 && errno == EINTR { continue }
            if count == -1 {
                reason = "reading the DevTools pipe failed: \(String(cString: strerror(errno)))"
                break
            }
            if count == 0 { break }
            for message in framer.append(chunk[0..<count]) where !message.isEmpty {
                dispatch(message)
            }
        }
        close(messageFD)
        fail(.browserExited(reason))
        readerFinished.signal()
    }

    private func dispatch(_ bytes: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return  // Not a JSON object: nothing could be waiting for it.
        }
        if let id = object["id"] as? Int {
            let reply = state.withLock { $0.pending.removeValue(forKey: id) }
            reply?.resolve(.success(JSONObject(fields: object)))
        } else if let method = object["method"] as? String {
            let event = DevToolsEvent(
                method: method,
                sessionId: object["sessionId"] as? String,
                params: object["params"] as? [String: Any] ?? [:])
            let interested = state.withLock { state -> [EventSubscription] in
                if state.recentEvents.count >= Self.recentEventCapacity { state.recentEvents.removeFirst() }
                state.recentEvents.append(event)
                return state.subscriptions.values.filter { $0.wants(event) }
            }
            interested.forEach { $0.deliver(event) }
        }
    }

    /// Marks the pipe unusable and wakes everybody waiting on it.
    private func fail(_ reason: BrowserError) {
        let (pending, subscriptions) = state.withLock { state -> ([PendingReply], [EventSubscription]) in
            if state.closedBy == nil { state.closedBy = reason }
            defer {
                state.pending.removeAll()
                state.subscriptions.removeAll()
            }
            return (Array(state.pending.values), Array(state.subscriptions.values))
        }
        pending.forEach { $0.resolve(.failure(reason)) }
        subscriptions.forEach { $0.end(reason) }
    }

    private static func unwrap(
        _ outcome: Result<JSONObject, BrowserError>, method: String
    ) throws(BrowserError) -> [String: Any] {
        let message = try outcome.get().fields
        if let error = message["error"] as? [String: Any] {
            var text = error["message"] as? String ?? "unknown error"
            if let data = error["data"] as? String { text += " (\(data))" }
            throw .protocolError(method: method, code: Int(jsonNumber(error["code"]) ?? 0), message: text)
        }
        return message["result"] as? [String: Any] ?? [:]
    }
}

/// One in-flight command: the reader thread resolves it, the sender waits on it.
private final class PendingReply: Sendable {
    private let outcome = Mutex<Result<JSONObject, BrowserError>?>(nil)
    private let resolved = DispatchSemaphore(value: 0)

    func resolve(_ result: Result<JSONObject, BrowserError>) {
        let first = outcome.withLock { outcome -> Bool in
            if outcome != nil { return false }
            outcome = result
            return true
        }
        if first { resolved.signal() }
    }

    var result: Result<JSONObject, BrowserError>? { outcome.withLock { $0 } }

    func wait(until deadline: DispatchTime) -> Result<JSONObject, BrowserError>? {
        guard resolved.wait(timeout: deadline) == .success else { return nil }
        return result
    }
}
