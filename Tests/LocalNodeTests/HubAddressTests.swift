import Foundation
import Testing
import HalamjTestSupport
@testable import ReplicaStorage
@testable import HubClient
import SyncModel

/// Which hub addresses may carry the office's token (no traffic is sent here).
@Suite struct HubAddressTests {
    @Test(arguments: [
        "http://127.0.0.1:8470", "http://127.200.3.4/", "http://[::1]:8470", "http://localhost:8470",
        "http://LOCALHOST.:8470", "http://[0:0:0:0:0:0:0:1]/",
    ])
    func plainHTTP_ToThisMachine_IsLoopback(address: String) {
        #expect(HubAddress.transport(of: URL(string: address)!) == .loopback)
    }

    @Test(arguments: [
        "http://example.org", "http://10.0.0.5:8470", "http://127.example.org", "http://128.0.0.1",
        "http://[::2]/", "http://localhost.example.org", "http://0.0.0.0:8470",
    ])
    func plainHTTP_ToAnyOtherHost_CarriesTheTokenInClear(address: String) {
        #expect(HubAddress.transport(of: URL(string: address)!) == .plainHTTP)
    }

    @Test func https_IsAlwaysEncrypted_AndOtherSchemesAreNoHub() {
        #expect(HubAddress.transport(of: URL(string: "https://hub43.example.mn")!) == .encrypted)
        #expect(HubAddress.transport(of: URL(string: "https://127.0.0.1:8443")!) == .encrypted)
        #expect(HubAddress.transport(of: URL(string: "ftp://hub43.example.mn")!) == nil)
        #expect(HubAddress.transport(of: URL(string: "http:///v1")!) == nil)
    }

    @Test func aNodeWhoseHubIsPlainHTTPElsewhere_SendsNothing_UntilTheOfficeAcceptsIt() async throws {
        let dir = TemporaryDirectory()
        let store = try ReplicaStore.create(
            path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        // An address no test can reach: the refusal must come before any connection.
        let url = URL(string: "http://hub43.invalid:8470")!
        try store.setUpstream(Upstream(url: url, token: "soum-4305.secret"))
        await #expect(throws: SyncError.plainHTTPRefused(url: url.absoluteString)) {
            _ = try await SyncClient(store: store, upstream: try store.upstream()!).syncRound()
        }
        try store.setUpstream(Upstream(url: url, token: "soum-4305.secret", insecureHTTP: true))
        #expect(try store.upstream()?.insecureHTTP == true, "the consent is kept with the address")
        try store.setUpstream(Upstream(url: URL(string: "https://hub43.example.mn")!, token: "soum-4305.secret"))
        #expect(try store.upstream()?.insecureHTTP == false)
    }
}
