import Foundation
import SyncModel
import ReplicaStorage
import CaseBooks

/// Syncs one replica with its hub: push until nothing is dirty, then pull until
/// the hub says no more. Each batch commits on its own with its checkpoint, so an
/// interrupted round resumes where it stopped, and a repeated batch changes nothing.
public struct SyncClient: Sendable {
    public let store: ReplicaStore
    public let configuration: SyncConfiguration
    private let connection: HubConnection
    /// Records per push and per pull request, following the link; kept across the
    /// rounds of this client (`sync --watch`).
    private let pushPace: BatchPace
    private let pullPace: BatchPace
    /// Pieces of scans per request (`FileUpload`), following the link the same way.
    private let filePace: BatchPace
    /// Where this replica keeps its scans (beside its database).
    public let files: ContentStore
    /// Called after every batch with the round's totals so far (the web app's
    /// progress line); nil for the command line, which prints the totals at the end.
    public var onProgress: (@Sendable (SyncReport) -> Void)?
    /// Wall-clock milliseconds for clock readings, checkpoints and the sync log.
    private let now: @Sendable () -> Int64

    public init(store: ReplicaStore, upstream: Upstream, configuration: SyncConfiguration = SyncConfiguration()) {
        self.init(store: store, upstream: upstream, configuration: configuration, transport: nil, now: { Clock.nowMillis() })
    }

    /// The same over another transport and clock (tests that run the hub in process).
    init(
        store: ReplicaStore, upstream: Upstream, configuration: SyncConfiguration,
        transport: (any HubTransport)?, now: @escaping @Sendable () -> Int64
    ) {
        self.store = store
        self.configuration = configuration
        self.now = now
        connection = HubConnection(upstream: upstream, configuration: configuration, transport: transport)
        pushPace = BatchPace(maximum: configuration.batchSize, targetSeconds: configuration.targetBatchSeconds)
        pullPace = BatchPace(maximum: configuration.batchSize, targetSeconds: configuration.targetBatchSeconds)
        filePace = BatchPace(maximum: Self.maximumPiecesPerRequest, targetSeconds: configuration.targetBatchSeconds, initial: 1)
        files = ContentStore.beside(database: store.path)
    }

    /// 16 pieces of 64 KiB: a megabyte per request at most, on a fast link.
    static let maximumPiecesPerRequest = 16

    /// One full round. Records the outcome in the store for `status`.
    ///
    /// Every call to the store is made off Swift's cooperative pool (`ReplicaStore.offPool`):
    /// a merge waiting on the disk or on the store's lock never holds one of its threads.
    public func syncRound() async throws -> SyncReport {
        let tookGzip = connection.gzip.hubTakesGzip
        let now = self.now
        do {
            let round = RoundProgress(toPush: try await store.offPool { try $0.waitingToPushCount() }, onProgress: onProgress)
            try await push(round)
            round.settle { $0.phase = .pulling }
            let (changed, decided) = try await pull(round)
            // Decisions that just arrived are acknowledged, and the receipts go up now
            // rather than at the next round, so the hub knows the soum has them; a
            // restored hub may also have asked for everything again.
            let more = try await store.offPool { store in
                try CaseBook(store: store).catchUpNumbers(changed)
                try CaseBook(store: store).acknowledgeDecisions(decided, now: now())
                return try store.nextOutboundPush(limit: 1, now: now()) != nil
            }
            if more {
                round.settle { $0.phase = .pushing }
                try await push(round)
            }
            // Scans last: every record went up and came down before the first piece.
            round.settle { $0.phase = .sendingFiles }
            try await FileUpload(store: store, files: files, connection: connection, pace: filePace,
                                 budget: configuration.maxFileBytes).run(round)
            round.settle { $0.phase = .done }
            let report = round.report
            let learntGzip = !tookGzip && connection.gzip.hubTakesGzip
            try await store.offPool { store in
                // Learnt during the round (a push answer said so): kept for the next rounds.
                if learntGzip { try store.noteUpstreamTakesGzip() }
                try store.recordSyncAttempt(at: now(), error: nil)
                try store.noteLinkRate(bytes: report.bytesSent + report.bytesReceived, seconds: report.seconds)
            }
            return report
        } catch is CancellationError {
            // Stopped (`sync --watch` on SIGTERM), not failed: what was acknowledged is kept.
            throw CancellationError()
        } catch {
            let learntGzip = !tookGzip && connection.gzip.hubTakesGzip
            let text = "\(error)"
            _ = try? await store.offPool { store in
                if learntGzip { try? store.noteUpstreamTakesGzip() }
                try store.recordSyncAttempt(at: now(), error: text)
            }
            throw error
        }
    }

    /// Only the push half of a round: sends every dirty record, pulls nothing and
    /// records no sync attempt. For benchmarks and tools; `syncRound` is the sync.
    public func pushPending() async throws -> SyncReport {
        let round = RoundProgress(toPush: try await store.offPool { try $0.waitingToPushCount() }, onProgress: onProgress)
        try await push(round)
        return round.report
    }

    /// Sends `body` to `path` of the hub (a district hub's report of its offices before its
    /// round, issue 19) over the round's connection (its token, TLS, proxy, retries and
    /// gzip), and returns the answer's body.
    public func post(_ path: String, body: Data) async throws -> Data {
        try await connection.send(method: "POST", path: path, body: body).body
    }

    /// Fetches scan `sha256` of case `number` from the hub (`fsck`, issue 20), checks it
    /// hashes to its name and keeps it; returns its size.
    @discardableResult
    public func fetchFile(_ sha256: String, case number: String) async throws -> Int {
        let answer = try await connection.send(method: "GET", path: "\(SyncProtocol.filesPath)/\(sha256)", query: "case=\(number)")
        let bytes = [UInt8](answer.body)
        guard SHA256.hexDigest(bytes) == sha256 else {
            throw SyncError.badAnswer("the hub's copy of \(sha256.prefix(16))… does not hash to its name; nothing kept")
        }
        let files = self.files
        _ = try await store.offPool { _ in try files.put(bytes) }
        return bytes.count
    }

    /// The next batch to push (after `after`, when one is read ahead), read off the pool.
    private func nextPush(after: Int64? = nil) async throws -> OutboundPush? {
        let limit = pushPace.current
        let now = self.now
        return try await store.offPool { try $0.nextOutboundPush(limit: limit, now: now(), after: after) }
    }

    /// Whether `hub` is another hub than the one synced with so far (a restored one): the
    /// checkpoints were reset, and the round starts again from them.
    private func hubChanged(to hub: ReplicaID) async throws -> Bool {
        let now = self.now
        return try await store.offPool { try $0.noteUpstream(hub, now: now()) }
    }

    /// Pushes until nothing is left to send.
    ///
    /// The node's work overlaps the hub's: while the hub merges a batch, the next one is
    /// read as it will be once this one is merged whole (the usual answer), and sent as
    /// soon as the answer says so; the answer is then acknowledged while the hub merges
    /// that next batch. Requests still go one at a time, in order. When an answer refuses
    /// or leaves out any record, the batch read ahead is dropped and the next one is read
    /// after the acknowledgement, as without the overlap.
    ///
    /// The batch follows the link (`BatchPace`): as many records as were answered in
    /// about `targetBatchSeconds`, halved at once by a 413, a timeout, a cut connection or
    /// a 408 (down to one record, which is then retried with backoff like any request).
    /// Every acknowledged batch is committed, so a link that drops resends at most the
    /// batch in flight.
    private func push(_ round: RoundProgress) async throws {
        var current = try await nextPush()
        // The request of `current`, when it was sent before the previous acknowledgement.
        var inFlight: Task<HubAnswer, any Error>?
        defer { inFlight?.cancel() }
        while let batch = current {
            let sending = inFlight ?? send(batch, shrinkable: batch.count > 1, watcher: round.transferWatcher)
            inFlight = sending
            let following = try await nextPush(after: batch.lastSequence)
            let answer: Data
            let wire: WireBytes
            do {
                let timed = try await Self.value(of: sending)
                answer = timed.body
                wire = timed.wire
                inFlight = nil
                pushPace.answered(count: batch.count, seconds: timed.seconds)
            } catch let error as SyncError where batch.count > 1 && Self.callsForSmallerBatch(error) {
                inFlight = nil
                pushPace.interrupted(count: batch.count)
                current = try await nextPush()
                continue
            }
            let response: PushResponse
            do {
                response = try SyncJSON.pushResponse(answer)
            } catch {
                throw SyncError.unreadable("push answer", answer, error)
            }
            if try await hubChanged(to: response.hub) {
                current = try await nextPush()
                continue
            }
            let readAhead = batch.isMergedWhole(by: response) ? following : nil
            if let readAhead { inFlight = send(readAhead, shrinkable: readAhead.count > 1, watcher: round.transferWatcher) }
            let now = self.now
            let outcome = try await store.offPool { try $0.acknowledge(batch, response: response, now: now()) }
            round.settle { report in
                report.pushBatches += 1
                report.pushedRecords += outcome.merged
                report.refused += outcome.refused.count
                report.bytesSent += wire.sent
                report.bytesReceived += wire.received
            }
            if outcome.merged == 0 && outcome.refused.isEmpty {
                throw SyncError.badAnswer("the hub acknowledged none of \(batch.count) records")
            }
            if let readAhead { current = readAhead } else { current = try await nextPush() }
        }
    }

    /// The answer of a request started ahead; cancelling the round cancels the request,
    /// which stops its transfer within about a second.
    private static func value<T: Sendable>(of request: Task<T, any Error>) async throws -> T {
        try await withTaskCancellationHandler { try await request.value } onCancel: { request.cancel() }
    }

    /// Starts sending one push batch.
    private func send(
        _ batch: OutboundPush, shrinkable: Bool, watcher: (@Sendable (WireBytes) -> Void)?
    ) -> Task<HubAnswer, any Error> {
        let body = Data(batch.json)
        return Task {
            try await connection.send(method: "POST", path: SyncProtocol.pushPath, body: body, shrinkable: shrinkable, onTransfer: watcher)
        }
    }

    /// A 413 (the hub's body cap) or an interrupted batch (timeout, cut, 408): the
    /// same bytes would fail the same way, half of them may not.
    static func callsForSmallerBatch(_ error: SyncError) -> Bool {
        switch error {
        case .rejected(413, _, _), .interrupted: true
        default: false
        }
    }

    /// Pulls until the hub has no more; returns the records that changed here, and
    /// those of them holding a decision not yet acknowledged (only those are loaded
    /// again to acknowledge them, not every pulled record).
    ///
    /// While one batch is merged, the next is already asked for and read (the answer
    /// says where it starts): the hub's work, the transfer and the reading overlap the
    /// merge instead of waiting for it. Still one request at a time, and each batch's
    /// checkpoint commits only with its records, so a crash or an error repeats at
    /// most what was fetched ahead, which merges to the same state. How many records
    /// one answer may carry follows the link as the push batch does (`pullPace`).
    private func pull(_ round: RoundProgress) async throws -> (changed: [RecordKey], decided: [RecordKey]) {
        var changed: [RecordKey] = []
        var decided: [RecordKey] = []
        var since = try await store.offPool { try $0.pullCheckpoint() }
        var ahead: Task<PulledBatch, any Error>?
        defer { ahead?.cancel() }
        while true {
            let batch: PulledBatch
            do {
                if let fetching = ahead {
                    ahead = nil
                    batch = try await Self.value(of: fetching)
                } else {
                    batch = try await fetchPull(since: since, watcher: round.transferWatcher)
                }
            } catch let error as SyncError where pullPace.current > 1 && Self.callsForSmallerBatch(error) {
                pullPace.interrupted(count: pullPace.current)
                continue
            }
            let response = batch.response
            if try await hubChanged(to: response.hub) {
                since = try await store.offPool { try $0.pullCheckpoint() }
                continue
            }
            pullPace.answered(count: response.records.count, seconds: batch.seconds)
            if response.more, response.next > since {
                let next = response.next
                let watcher = round.transferWatcher
                ahead = Task { try await fetchPull(since: next, watcher: watcher) }
            }
            let (now, drift) = (self.now, configuration.maximumDriftMillis)
            let (keys, withDecision) = try await store.offPool {
                try $0.applyPull(
                    response, bodies: batch.bodies, now: now(), maximumDriftMillis: drift,
                    keeping: CaseBook.awaitsAcknowledgement)
            }
            // Scans the hub asks for (it lost one, or a national desk asked): sent this round.
            if let wanted = response.wantedFiles, !wanted.isEmpty {
                let files = self.files
                _ = try await store.offPool { try $0.queueWanted(wanted, files: files, now: now()) }
            }
            changed += keys
            decided += withDecision
            round.settle { report in
                report.changedLocally += keys.count
                report.pullBatches += 1
                report.pulledRecords += response.records.count
                report.bytesSent += batch.wire.sent
                report.bytesReceived += batch.wire.received
            }
            if !response.more { return (changed, decided) }
            if response.next <= since {
                throw SyncError.badAnswer("the hub said more records follow but did not move past \(since)")
            }
            since = response.next
        }
    }

    /// One pull answer, read: the records, the bytes each came as (for the store to
    /// keep), and the bytes the request and its answer moved.
    private struct PulledBatch: Sendable {
        let response: PullResponse
        let bodies: [[UInt8]?]
        let wire: WireBytes
        /// From asking to having the whole answer.
        let seconds: Double
    }

    /// Asks the hub for the records after `since` and reads the answer.
    private func fetchPull(since: UInt64, watcher: (@Sendable (WireBytes) -> Void)?) async throws -> PulledBatch {
        let limit = pullPace.current
        let answer = try await connection.send(
            method: "GET", path: SyncProtocol.pullPath,
            query: "since=\(since)&limit=\(limit)&replica=\(store.replica)", shrinkable: limit > 1, onTransfer: watcher)
        do {
            let (response, bodies) = try SyncJSON.pullResponseKeepingBodies(answer.body)
            return PulledBatch(response: response, bodies: bodies, wire: answer.wire, seconds: answer.seconds)
        } catch {
            throw SyncError.unreadable("pull answer", answer.body, error)
        }
    }
}
