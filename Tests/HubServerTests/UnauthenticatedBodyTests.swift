import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import LocalNode
import SyncModel
import HalamjHTTP

/// A caller without a valid credential is answered from the request head: the hub
/// reads none of its body, whatever size the body claims (issue 13).
// Live hubs with timing assertions: serialized so that they do not compete for the 2 cores.
@Suite(.serialized) struct UnauthenticatedBodyTests {
    /// 30 MB: just under the hub's 32 MiB body cap, so only the token check can refuse it early.
    static let claimedBodyBytes = 30_000_000

    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let officeToken: String
    let hub: Hub
    let port: UInt16

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        officeToken = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        hub = Hub(store: store, configuration: configuration)
        port = try hub.start()
    }

    /// A push head claiming a 30 MB body; the body itself is not part of it.
    static func pushHead(authorization: String?, expectContinue: Bool = false) -> String {
        var head = "POST \(SyncProtocol.pushPath) HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(claimedBodyBytes)\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        if expectContinue { head += "Expect: 100-continue\r\n" }
        return head + "\r\n"
    }

    @Test(arguments: [nil, "Bearer soum-4305.0000000000000000000000000000000000000000000000000000000000000000", "Basic b3BzOnNlY3JldA=="])
    func pushWithoutAValidToken_Is401FromItsHeadAlone_AndTheConnectionIsClosed(authorization: String?) throws {
        defer { hub.stop() }
        let client = try TestHTTPClient(port: port)
        let start = ContinuousClock.now
        try client.send(Self.pushHead(authorization: authorization))
        let response = try #require(try client.readResponse(timeout: .seconds(3)), "answered without waiting for the body")
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(response.status == 401)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(response.body)).error == "unauthorized")
        #expect(response.headers["Connection"] == "close")
        #expect(try client.isClosedByServer(within: .seconds(3)))
    }
}
