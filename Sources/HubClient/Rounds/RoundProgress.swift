import Synchronization

/// One sync round's report as it grows, for `SyncClient.onProgress`: updated after
/// every batch, and between batches with the bytes of the request in flight, so that a
/// request that takes a minute on a slow link still shows bytes moving.
final class RoundProgress: Sendable {
    private struct State {
        /// What the answered batches moved.
        var settled: SyncReport
        /// The request in flight so far (reset when its batch is counted).
        var moving = WireBytes()
    }

    private let state: Mutex<State>
    private let started = ContinuousClock.now
    private let onProgress: (@Sendable (SyncReport) -> Void)?

    init(toPush: Int, onProgress: (@Sendable (SyncReport) -> Void)?) {
        var report = SyncReport()
        report.toPush = toPush
        state = Mutex(State(settled: report))
        self.onProgress = onProgress
    }

    /// The report so far, with the request in flight and the seconds since the start.
    var report: SyncReport {
        state.withLock { state in
            var report = state.settled
            report.bytesSent += state.moving.sent
            report.bytesReceived += state.moving.received
            report.seconds = (ContinuousClock.now - started).seconds
            return report
        }
    }

    /// Counts an answered batch (its bytes included) and tells `onProgress`.
    func settle(_ change: (inout SyncReport) -> Void) {
        state.withLock { state in
            change(&state.settled)
            state.moving = WireBytes()
        }
        onProgress?(report)
    }

    /// What to hand a request as its `onTransfer`, when anybody is watching.
    var transferWatcher: (@Sendable (WireBytes) -> Void)? {
        guard onProgress != nil else { return nil }
        return { [self] wire in
            state.withLock { $0.moving = wire }
            onProgress?(report)
        }
    }
}
