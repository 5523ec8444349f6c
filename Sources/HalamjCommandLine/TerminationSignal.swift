import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM, caught from the moment this is made until the process ends.
public final class TerminationSignal: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>
    private let arrived = Arrival()

    public init() {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            // The default action (exit) off first, then the source that catches it;
            // the order the Linux libdispatch needs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [arrived] in arrived.note() }
            source.resume()
            sources.append(source)
        }
        self.sources = Mutex(sources)
    }

    deinit { sources.withLock { $0.forEach { $0.cancel() } } }

    /// Blocks the calling thread until a signal arrives (at once if one already has).
    public func wait() {
        let semaphore = DispatchSemaphore(value: 0)
        arrived.whenNoted { semaphore.signal() }
        semaphore.wait()
    }

    /// Returns once a signal has arrived (at once if one already has).
    public func arrival() async {
        await withCheckedContinuation { continuation in
            arrived.whenNoted { continuation.resume() }
        }
    }

    /// Whether a signal came, and what is to run when one does.
    private final class Arrival: Sendable {
        private let state = Mutex((noted: false, waiting: [@Sendable () -> Void]()))

        func note() {
            let waiting = state.withLock { state in
                state.noted = true
                defer { state.waiting = [] }
                return state.waiting
            }
            waiting.forEach { $0() }
        }

        /// Runs `action` when a signal arrives, or now if one already has.
        func whenNoted(_ action: @escaping @Sendable () -> Void) {
            let now = state.withLock { state in
                if state.noted { return true }
                state.waiting.append(action)
                return false
            }
            if now { action() }
        }
    }
}
