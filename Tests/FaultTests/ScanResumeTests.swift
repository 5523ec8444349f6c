import Foundation
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel
import HalamjTestSupport

extension Faults {
    /// Issue 20: scans sent through a link that drops, cuts, resets and stalls exchanges
    /// at random points end at the hub byte-identical (its content store hashes every
    /// read), and no byte the hub acknowledged is sent twice: every round resumes where
    /// the hub's count stands.
    @Suite struct ScanResumeTests {
        @Test func scansCutAtRandomPoints_ResumeAndArriveByteIdentical() async throws {
            let seed = FaultSettings.seed
            let replay = "replay: HALAMJ_FAULT_SEED=\(seed) swift test --filter ScanResumeTests"
            print("scan resume: seed \(seed) (\(replay))")
            var random = SplitMix64(seed: seed)
            let dir = TemporaryDirectory()
            let hubStore = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
            let token = try OfficeRegistry(store: hubStore).add("soum-4305", now: Clock.nowMillis())
            var configuration = HubConfiguration()
            configuration.port = 0
            let hub = Hub(store: hubStore, configuration: configuration)
            let hubPort = try hub.start()
            defer { hub.stop() }
            var schedule = FaultSchedule(seed: seed)
            // Faults that cut a transfer, at random points, on over half of the exchanges.
            schedule.weights = [.drop: 10, .truncateRequest: 15, .truncateResponse: 15, .reset: 10, .stallResponse: 2, .delay: 3]
            let proxy = try FaultProxy(upstreamPort: hubPort, schedule: schedule)
            defer { proxy.stop() }

            let node = try ReplicaStore.create(path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
            let upstream = Upstream(url: proxy.url, token: token)
            try node.setUpstream(upstream)
            var faulty = SyncConfiguration()
            faulty.maxAttempts = 2
            faulty.baseDelay = 0.01
            faulty.maxDelay = 0.05
            faulty.requestTimeout = 1
            let client = SyncClient(store: node, upstream: upstream, configuration: faulty)

            let book = CaseBook(store: node)
            let number = try book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99031212"), name: "Бат").number
            let documents = Checklists.documents(for: .childCareAllowance, stage: .soum).map(\.id)
            var attached: [String: [UInt8]] = [:]
            for (index, size) in [2_000_000, 700_000, 90_000].enumerated() {
                let bytes = Array("%PDF-1.4\n".utf8) + (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let scan = try book.attach(number, document: documents[index % documents.count], bytes: bytes, name: "scan-\(index).pdf",
                                           files: client.files)
                attached[scan.sha256] = bytes
            }
            let total = attached.values.map(\.count).reduce(0, +)

            var acknowledged = 0
            var failedRounds = 0
            for _ in 0..<60 {
                do {
                    let report = try await client.syncRound()
                    acknowledged += report.fileBytesSent
                    if report.filesWaiting == 0 { break }
                } catch {
                    failedRounds += 1
                }
            }
            let counts = proxy.statistics.counts
            let cuts = counts.filter { $0.key != .pass && $0.key != .delay }.values.reduce(0, +)
            print("scan resume: \(failedRounds) rounds failed on the link, \(cuts) exchanges cut: \(counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))")
            #expect(try node.filesWaiting() == FilesWaiting(), "every scan went up; \(replay)")
            let hubFiles = ContentStore.beside(database: hubStore.path)
            for (sha, bytes) in attached {
                #expect(try hubFiles.read(sha) == bytes, "byte-identical at the hub; \(replay)")
            }
            #expect(acknowledged <= total, "no acknowledged byte was sent twice (\(acknowledged) of \(total)); \(replay)")
            #expect(cuts >= 3, "the link did cut transfers; \(replay)")
        }
    }
}
