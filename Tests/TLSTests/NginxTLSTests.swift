import Foundation
import Testing
import HalamjHTTP
import HalamjTestSupport
import HubServer
import HubClient
import CaseBooks
import ReplicaStorage
import SyncModel

/// A node syncing through a real nginx running deploy/nginx/halamj-hub.conf, with a CA and
/// certificates made by the test, in front of a real hub that trusts nginx's
/// `X-Forwarded-For`. Needs root and Debian's `nginx` and `openssl` (scripts/setup.sh
/// installs them); skipped otherwise, with the reason.
@Suite(.enabled(if: NginxRequirement.missing == nil, Comment(rawValue: NginxRequirement.missing ?? "")), .serialized)
struct NginxTLSTests {
    static let office = "soum-4305"

    /// A hub on 127.0.0.1 (port 0) trusting nginx, nginx in front of it, and a node whose
    /// upstream is nginx's https:// address.
    final class Setup: @unchecked Sendable {
        let directory = TemporaryDirectory()
        let certificates: TestCertificates
        let log = CapturedLog()
        let hubStore: ReplicaStore
        let hub: Hub
        let nginx: NginxProcess
        let node: ReplicaStore

        init(expiredCertificate: Bool = false) throws {
            certificates = try TestCertificates()
            hubStore = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
            let token = try OfficeRegistry(store: hubStore).add(NginxTLSTests.office, now: 1)
            var configuration = HubConfiguration()
            configuration.port = 0
            configuration.logger = log.logger("hub")
            configuration.trustedProxies = try TrustedProxies(["127.0.0.1"])
            hub = Hub(store: hubStore, configuration: configuration)
            let hubPort = try hub.start()
            do {
                nginx = try NginxProcess(hubPort: hubPort, certificates: certificates, expired: expiredCertificate)
            } catch {
                hub.stop()
                throw error
            }
            node = try ReplicaStore.create(
                path: directory.path("node.db"), replica: ReplicaID(NginxTLSTests.office)!, role: .node, office: NginxTLSTests.office)
            try node.setUpstream(Upstream(url: nginx.url, token: token))
        }

        /// A sync with the trust the node keeps with its hub address (what `--ca-file` and
        /// `--pin` set), one attempt.
        func sync(caFile: String?, pin: String? = nil) async throws -> SyncReport {
            var upstream = try node.upstream()!
            upstream.caFile = caFile
            upstream.pinnedPublicKey = pin
            try node.setUpstream(upstream)
            var configuration = SyncConfiguration()
            configuration.maxAttempts = 1
            configuration.connectTimeout = 10
            configuration.requestTimeout = 30
            return try await SyncClient(store: node, upstream: try node.upstream()!, configuration: configuration).syncRound()
        }

        func openCase(_ name: String) throws {
            _ = try CaseBook(store: node).open(
                service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99031212"), name: name)
        }

        var casesAtHub: [CaseView] { (try? CaseBook(store: hubStore).list(office: NginxTLSTests.office)) ?? [] }

        var unsentAtNode: Int {
            Int((try? node.read { tx in try tx.database.scalarInt("SELECT count(*) FROM records WHERE dirty = 1") }) ?? -1 ?? -1)
        }

        func stop() {
            nginx.stop()
            hub.stop()
        }
    }

    /// How a refused sync reads: `SyncError`'s one line, with libcurl's TLS refusal in it.
    static func refusal(_ error: any Error) -> String { String(describing: error) }

    @Test func withTheDistrictsCA_ANodeSyncsThroughNginx_AndTheHubLogsTheNodesAddressFromNginx() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        try setup.openCase("Бат")
        let report = try await setup.sync(caFile: setup.certificates.caCertificate, pin: setup.certificates.hubPin)
        #expect(report.pushedRecords == 1 && report.refused == 0)
        #expect(setup.casesAtHub.map { $0.values["name"] } == ["Бат"])
        #expect(setup.unsentAtNode == 0)
        // Through nginx (its access log has the push), and the hub took the office's address
        // from nginx's X-Forwarded-For because nginx's 127.0.0.1 is a trusted proxy.
        #expect(setup.nginx.accessLog.contains { $0.contains("\"POST /v1/sync/push HTTP/1.1\" 200 ") }, "\(setup.nginx.accessLog)")
        let push = try #require(setup.log.lines(containing: "route=/v1/sync/push", "status=200").first, "\(setup.log.text)")
        #expect(push.contains(" office=soum-4305 client=127.0.0.1 proxy=127.0.0.1 "), "\(push)")
        let office = try #require(try OfficeRegistry(store: setup.hubStore).office(Self.office))
        #expect(office.lastAddress == "127.0.0.1")
    }

    @Test func anotherCA_IsRefusedInOneLine_AndNothingIsSent() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        try setup.openCase("Бат")
        let error = await #expect(throws: SyncError.self) {
            _ = try await setup.sync(caFile: setup.certificates.otherCACertificate)
        }
        let text = Self.refusal(try #require(error))
        #expect(text.contains("TLS: the hub's certificate was not accepted"), "\(text)")
        #expect(!text.contains("\n"))
        // The handshake failed: no request reached nginx's access log or the hub.
        #expect(setup.nginx.accessLog.isEmpty, "\(setup.nginx.accessLog)")
        #expect(setup.log.lines.isEmpty, "\(setup.log.text)")
        #expect(setup.casesAtHub.isEmpty && setup.unsentAtNode == 1)
    }

    /// The right CA, the right name, even the pinned key: a certificate past its end date is
    /// refused all the same, and the line says why.
    @Test func anExpiredCertificate_IsRefusedInOneLine_EvenFromTheRightCA() async throws {
        let setup = try Setup(expiredCertificate: true)
        defer { setup.stop() }
        try setup.openCase("Бат")
        let error = await #expect(throws: SyncError.self) {
            _ = try await setup.sync(caFile: setup.certificates.caCertificate, pin: setup.certificates.hubPin)
        }
        let text = Self.refusal(try #require(error))
        #expect(text.contains("TLS: the hub's certificate was not accepted"), "\(text)")
        #expect(text.contains("expired"), "\(text)")
        #expect(!text.contains("\n"))
        #expect(setup.nginx.accessLog.isEmpty && setup.log.lines.isEmpty)
        #expect(setup.casesAtHub.isEmpty && setup.unsentAtNode == 1)
    }

    @Test func aPinnedKeyThatIsNotTheHubs_IsRefused_EvenWithTheRightCA() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        try setup.openCase("Бат")
        let error = await #expect(throws: SyncError.self) {
            _ = try await setup.sync(caFile: setup.certificates.caCertificate, pin: setup.certificates.otherKeyPin)
        }
        let text = Self.refusal(try #require(error))
        #expect(text.contains("TLS: the hub's public key is not the pinned one"), "\(text)")
        #expect(!text.contains("\n"))
        #expect(setup.nginx.accessLog.isEmpty && setup.log.lines.isEmpty)
        #expect(setup.casesAtHub.isEmpty && setup.unsentAtNode == 1)
    }

    /// 44 cases of 15 fields of 60,000 characters: one push of them (~40 MB, the first push
    /// goes uncompressed) is past nginx's `client_max_body_size 32m`, half of it is not.
    @Test func aPushLargerThanNginxTakes_IsAnswered413ByNginx_AndTheNodeHalvesItsBatchesUntilAllIsThere() async throws {
        let setup = try Setup()
        defer { setup.stop() }
        let count = 44
        let filler = String(repeating: "abcdefghij", count: 6_000)
        try setup.node.transaction { tx in
            for index in 1...count {
                var changes = ["name": "Бат \(index)", "service": Service.childCareAllowance.rawValue]
                for field in 1...15 { changes["note_\(field)"] = filler }
                _ = try tx.write(
                    RecordKey(collection: "cases", id: "4305-2026-\(String(format: "%06d", index))"),
                    office: Self.office, changes: changes, now: Clock.nowMillis())
            }
        }
        let report = try await setup.sync(caFile: setup.certificates.caCertificate)
        #expect(report.pushedRecords == count && report.refused == 0)
        #expect(report.pushBatches >= 2)
        #expect(setup.casesAtHub.count == count && setup.unsentAtNode == 0)
        // nginx answered the large push itself; the hub never saw one over its own cap.
        let pushes = setup.nginx.accessLog.filter { $0.contains("\"POST /v1/sync/push HTTP/1.1\"") }
        #expect(pushes.first?.contains("\" 413 ") == true, "\(pushes)")
        #expect(pushes.dropFirst().allSatisfy { $0.contains("\" 200 ") }, "\(pushes)")
        #expect(setup.log.lines(containing: "status=413").isEmpty, "\(setup.log.text)")
    }
}
