import Dispatch
import Synchronization

/// Collects the events of chosen methods from the moment it is created.
///
/// This is how waits avoid races: subscribe *before* sending the command that causes
/// the event, so an event that arrives before the command's own reply is still kept.
/// Waiting for `Page.loadEventFired` only after `Page.navigate` returned would miss
/// fast loads (about:blank, cached pages) and hang until the timeout.
final class EventSubscription: Sendable {
    let sessionId: String?
    let methods: Set<String>

    /// A forgotten subscription must not grow without bound.
    static let capacity = 1_000

    private struct Inbox {
        var events: [DevToolsEvent] = []
        var endedBy: BrowserError?
    }

    private let inbox = Mutex(Inbox())
    /// Counts deliveries; a waiter re-checks the inbox after each wake-up, so a
    /// spare signal only costs one extra loop turn and no wake-up is ever lost.
    private let wakeup = DispatchSemaphore(value: 0)

    init(sessionId: String?, methods: Set<String>) {
        self.sessionId = sessionId
        self.methods = methods
    }

    func wants(_ event: DevToolsEvent) -> Bool {
        event.sessionId == sessionId && methods.contains(event.method)
    }

    /// Called on the reader thread.
    func deliver(_ event: DevToolsEvent) {
        inbox.withLock { inbox in
            if inbox.events.count >= Self.capacity { inbox.events.removeFirst() }
            inbox.events.append(event)
        }
        wakeup.signal()
    }

    /// Called when the pipe closes, so waiters fail at once instead of timing out.
    func end(_ reason: BrowserError) {
        inbox.withLock { $0.endedBy = $0.endedBy ?? reason }
        wakeup.signal()
    }

    /// The next event in arrival order, or `nil` once `deadline` passes.
    /// Throws if the pipe closed and no buffered event is left.
    func next(before deadline: DispatchTime) throws(BrowserError) -> DevToolsEvent? {
        while true {
            let (event, ended) = inbox.withLock { inbox -> (DevToolsEvent?, BrowserError?) in
                if inbox.events.isEmpty { return (nil, inbox.endedBy) }
                return (inbox.events.removeFirst(), nil)
            }
            if let event { return event }
            if let ended { throw ended }
            if wakeup.wait(timeout: deadline) == .timedOut {
                return inbox.withLock { $0.events.isEmpty ? nil : $0.events.removeFirst() }
            }
        }
    }
}
