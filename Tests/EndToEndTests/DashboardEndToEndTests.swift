import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import HubServer
import ReplicaStorage
import CaseBooks
import SyncModel
import Synchronization

/// A hub and three soums, one of which stops syncing: the JSON status, the CLI and
/// the dashboard rendered by a real browser all call it silent, and the others healthy.
@Suite(.serialized) struct DashboardEndToEndTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func anOfficeThatStopsSyncing_IsSilentEverywhere_AndTheOthersHealthyWithTheirCounts() async throws {
        let dir = TemporaryDirectory()
        let hubPath = dir.path("hub.db")
        let hubStore = try Hub.create(path: hubPath, id: ReplicaID("hub-43")!)
        // The hub's clock is the test's: two hours pass without sleeping.
        let clock = TestClock(Clock.nowMillis())
        let silentAfter = 3_600
        let hub = try TestHub(store: hubStore) {
            $0.silentAfterSeconds = silentAfter
            $0.now = { clock.now }
        }
        defer { hub.stop() }
        let registry = OfficeRegistry(store: hubStore)
        let admin = try AdminRegistry(store: hubStore).add("ops", by: "test", now: 1)
        var nodes: [String: TestNode] = [:]
        for office in ["soum-4305", "soum-4306", "soum-4307"] {
            let node = try TestNode(directory: dir, office: office, hub: hub.url, token: try registry.add(office, now: 1))
            _ = try node.open("Иргэн")
            _ = try await node.sync()
            nodes[office] = node
        }
        // soum-4307 goes quiet; the others keep syncing after the threshold has passed.
        clock.advance(by: 2 * 3_600_000)
        _ = try await nodes["soum-4305"]!.sync()
        _ = try nodes["soum-4306"]!.open("Шинэ")        // recorded, not yet sent
        _ = try nodes["soum-4306"]!.open("Шинэ 2")
        let pending = try #require(try nodes["soum-4306"]!.store.nextOutboundBatch(limit: 1, now: Clock.nowMillis()))
        _ = try await exchange(hub.url.appendingPathComponent("v1/sync/push"), method: "POST",
                               token: try nodes["soum-4306"]!.store.upstream()!.token,
                               body: try JSONEncoder().encode(pending.request))
        let caseOf4305 = try #require(try nodes["soum-4305"]!.book.list().first)
        _ = try CaseBook(store: hubStore).set(caseOf4305.number, ["reviewer": "Оюунаа"])   // waits at the hub

        // The JSON.
        var request = URLRequest(url: hub.url.appendingPathComponent("v1/status"))
        request.setValue("Bearer \(admin)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let status = try JSONDecoder().decode(StatusAnswer.self, from: data)
        let byOffice = Dictionary(uniqueKeysWithValues: status.offices.map { ($0.office, $0) })
        #expect(status.offices.first?.office == "soum-4307", "worst first")
        #expect(byOffice["soum-4307"]?.state == .silent)
        #expect(byOffice["soum-4305"]?.state == .healthy)
        #expect(byOffice["soum-4306"]?.state == .healthy)
        #expect(byOffice["soum-4305"]?.waitingAtHub == 1, "the hub's edit waits for soum-4305")
        #expect(byOffice["soum-4306"]?.pendingAtNode == 1, "soum-4306 said one more change waits there")
        #expect(byOffice["soum-4306"]?.latestCounter == 3)
        #expect(byOffice["soum-4306"]?.deliveredThrough == 2)

        // The CLI, on the same database.
        // The CLI judges by the real clock, which the test cannot move: soum-4307's
        // last contact is in the real past, the others' two hours ahead of it. With no
        // threshold, only soum-4307 is past it.
        let cli = try Programs.run("halamj-hub", ["status", "--json", "--silent-after", "0s", "--db", hubPath], in: dir.url)
        #expect(cli.status == 0, "\(cli.stderr)")
        let fromCLI = try JSONDecoder().decode(StatusAnswer.self, from: Data(cli.stdout.utf8))
        #expect(fromCLI.offices.first?.office == "soum-4307", "longest silent first")
        #expect(fromCLI.offices.map(\.state) == [.silent, .healthy, .healthy])
        let relaxed = try Programs.run("halamj-hub", ["status", "--json", "--silent-after", "48h", "--db", hubPath], in: dir.url)
        let fromRelaxed = try JSONDecoder().decode(StatusAnswer.self, from: Data(relaxed.stdout.utf8))
        #expect(Dictionary(uniqueKeysWithValues: fromRelaxed.offices.map { ($0.office, $0.pendingAtNode) }) == ["soum-4305": 0, "soum-4306": 1, "soum-4307": 0])
        let table = try Programs.run("halamj-hub", ["status", "--silent-after", "0s", "--db", hubPath], in: dir.url)
        #expect(table.stdout.contains("Чимээгүй (silent)") && table.stdout.contains("soum-4307"))

        // The dashboard, as a browser renders it.
        if let chromium = Self.chromium {
            let url = "http://ops:\(admin)@127.0.0.1:\(hub.port)/"
            let rendered = try Programs.runAbsolute(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url], in: dir.url)
            let rows = rendered.stdout.components(separatedBy: "<tr class=\"state-").dropFirst()
            #expect(rows.count == 3, "one row per office: \(rendered.stdout.prefix(300)) \(rendered.stderr.suffix(300))")
            #expect(rows.first?.hasPrefix("silent\" data-office=\"soum-4307\"") == true)
            #expect(rows.first?.contains("Чимээгүй (silent)") == true)
            #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("healthy") && $0.contains("Хэвийн (healthy)") })
        } else {
            Issue.record("chromium is not installed: scripts/test.sh installs Debian's chromium")
        }
    }
}

/// A clock the test moves by hand, read from the server's threads.
final class TestClock: Sendable {
    private let millis: Mutex<Int64>
    init(_ start: Int64) { millis = Mutex(start) }
    var now: Int64 { millis.withLock { $0 } }
    func advance(by delta: Int64) { millis.withLock { $0 += delta } }
}
