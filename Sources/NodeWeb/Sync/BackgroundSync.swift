import Foundation
import HalamjHTTP
import ReplicaStorage
import HubClient
import Synchronization

/// The "Sync now" button's work: one sync round at a time, in the background, with
/// its progress and the last errors in plain words for the sync page.
final class BackgroundSync: Sendable {
    struct Failure: Sendable {
        let at: Int64
        let text: String
    }

    struct Snapshot: Sendable {
        var running = false
        var progress = SyncReport()
        var startedAt: Int64?
        var finishedAt: Int64?
        var lastReport: SyncReport?
        /// Newest first, at most `keptFailures`.
        var failures: [Failure] = []
    }

    static let keptFailures = 10

    let store: ReplicaStore
    private let logger: Logger
    private let state = Mutex(Snapshot())

    init(store: ReplicaStore, logger: Logger = .discarding) {
        self.store = store
        self.logger = logger
    }

    var snapshot: Snapshot { state.withLock { $0 } }

    /// Starts a round unless one is running; false when one already was.
    @discardableResult
    func start(now: Int64) -> Bool {
        let started = state.withLock { state in
            guard !state.running else { return false }
            state.running = true
            state.progress = SyncReport()
            state.startedAt = now
            return true
        }
        guard started else { return false }
        Task.detached { [self] in await run() }
        return true
    }

    private func run() async {
        do {
            guard let upstream = try await store.offPool({ try $0.upstream() }) else { throw SyncError.noUpstream }
            var client = SyncClient(store: store, upstream: upstream)
            client.onProgress = { [self] report in state.withLock { $0.progress = report } }
            let report = try await client.syncRound()
            logger.info("sync", [
                ("pushed", "\(report.pushedRecords)"), ("pulled", "\(report.pulledRecords)"),
                ("refused", "\(report.refused)"), ("up", "\(report.bytesSent)"), ("down", "\(report.bytesReceived)"),
                ("ms", "\(Int(report.seconds * 1000))"),
            ])
            state.withLock { state in
                state.running = false
                state.progress = report
                state.lastReport = report
                state.finishedAt = Clock.nowMillis()
            }
        } catch {
            // The error's own words (a status, an address, a JSON position), never a record's.
            logger.warning("sync failed", [("error", "\(error)")])
            let failure = Failure(at: Clock.nowMillis(), text: Self.plainWords(error))
            state.withLock { state in
                state.running = false
                state.finishedAt = failure.at
                state.failures.insert(failure, at: 0)
                if state.failures.count > Self.keptFailures { state.failures.removeLast() }
            }
        }
    }

    /// The same for an error the node recorded as text (a CLI sync, or before a restart).
    static func plainWords(recorded error: String) -> String {
        if error.hasPrefix(SyncError.unreachablePrefix) { return plainWords(SyncError.unreachable(error)) }
        if error.hasPrefix(SyncError.untrustedPrefix) { return plainWords(SyncError.untrusted(error)) }
        return "Төв хүсэлтийг хүлээн авсангүй (the hub refused): \(error)"
    }

    /// What went wrong, for a social worker: what happened and what to do.
    static func plainWords(_ error: any Error) -> String {
        guard let error = error as? SyncError else {
            return "Солилцоо тасарлаа: \(error). Бүх бүртгэл энд хадгалагдсан, дахин оролдоно уу. (The sync stopped; everything is kept here, try again.)"
        }
        switch error {
        case .unreachable, .interrupted:
            return "Төв сервертэй холбогдож чадсангүй. Интернэт холболтоо шалгаад дараа дахин оролдоно уу; бүх бүртгэл энд хадгалагдсан. (The hub could not be reached: check the connection and try later; everything is kept here.)"
        case .rejected(401, _, _):
            return "Төв энэ байгууллагын түлхүүрийг хүлээн авсангүй. Төвийн админаас шинэ түлхүүр авна уу. (The hub refused this office's token: ask the hub's administrator for a new one.)"
        case .rejected(409, "protocol-version", _):
            return "Төв Halamj-ийн өөр хувилбартай ажиллаж байна: аймаг, дүүргийн заасан хувилбарыг суулгаад дахин солилцоно уу; бүх бүртгэл энд хадгалагдсан. (The hub runs another version of Halamj: install the release the district names, then sync again; everything is kept here.)"
        case .rejected(_, _, let message):
            return "Төв хүсэлтийг хүлээн авсангүй: \(message) (the hub refused the request)"
        case .badAnswer:
            return "Төвийн хариуг уншиж чадсангүй; дараа дахин оролдоно уу, бүх бүртгэл энд хадгалагдсан. (The hub's answer could not be read: a proxy or a broken link may have answered for it; try later, everything is kept here.)"
        case .untrusted:
            return "Төвийн гэрчилгээг хүлээн авсангүй: юу ч илгээгээгүй, бүх бүртгэл энд хадгалагдсан. Аймаг, дүүргийн админд хандана уу. (The hub's certificate was refused: nothing was sent, everything is kept here; call the district's administrator.) \(error)"
        case .noUpstream:
            return "Төвийн хаяг тохируулаагүй байна: halamj-node init --hub … (no hub is configured for this office)"
        case .redirected, .plainHTTPRefused:
            return "Төвийн хаягийг шалгах шаардлагатай: \(error) (the hub's address must be checked)"
        }
    }
}
