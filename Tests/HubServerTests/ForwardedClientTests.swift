import Foundation
import Testing
import HalamjHTTP
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import SyncModel

/// The address a served hub keeps for an office's request (log line, "last seen from", sync
/// history): the client nginx names when nginx is a trusted proxy, else the TCP peer, whatever
/// `X-Forwarded-For` the request carries.
@Suite struct ForwardedClientTests {
    let directory = TemporaryDirectory()
    let log = CapturedLog()

    func servedHub(trusting proxies: [String]) throws -> (hub: Hub, port: UInt16, token: String, store: ReplicaStore) {
        let store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        configuration.logger = log.logger("hub")
        configuration.trustedProxies = try TrustedProxies(proxies)
        let hub = Hub(store: store, configuration: configuration)
        return (hub, try hub.start(), token, store)
    }

    /// A pull from 127.0.0.1 carrying `forwardedFor`; returns where the hub says it came from.
    func pull(trusting proxies: [String], forwardedFor: String?) throws -> (line: String, office: Office?, event: SyncEvent?) {
        let (hub, port, token, store) = try servedHub(trusting: proxies)
        defer { hub.stop() }
        let client = try TestHTTPClient(port: port)
        var head = "GET /v1/sync/pull?since=0 HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer \(token)\r\n"
        if let forwardedFor { head += "X-Forwarded-For: \(forwardedFor)\r\n" }
        try client.send(head + "\r\n")
        #expect(try client.readResponse(timeout: .seconds(10))?.status == 200)
        #expect(eventually { !log.lines(containing: "route=/v1/sync/pull").isEmpty }, "\(log.text)")
        return (log.lines(containing: "route=/v1/sync/pull").first ?? "",
                try OfficeRegistry(store: store).office("soum-4305"), try SyncHistory.events(store, office: "soum-4305").first)
    }

    @Test func aSpoofedHeader_FromAPeerThatIsNoTrustedProxy_IsIgnoredEverywhere() throws {
        let seen = try pull(trusting: ["10.0.0.0/8"], forwardedFor: "198.51.100.7")
        #expect(seen.line.contains(" office=soum-4305 client=127.0.0.1 in=0 "), "\(seen.line)")
        #expect(!seen.line.contains("198.51.100.7") && !seen.line.contains("proxy="))
        #expect(seen.office?.lastAddress == "127.0.0.1")
        #expect(seen.event?.client == "127.0.0.1")
    }

    @Test func aTrustedProxysHeader_IsTheOfficesAddress_InTheLogLastSeenFromAndHistory() throws {
        let seen = try pull(trusting: ["127.0.0.1"], forwardedFor: "192.0.2.66, 198.51.100.7")
        #expect(seen.line.contains(" office=soum-4305 client=198.51.100.7 proxy=127.0.0.1 in=0 "), "\(seen.line)")
        #expect(!seen.line.contains("192.0.2.66"), "left of the client is the client's own claim")
        #expect(seen.office?.lastAddress == "198.51.100.7")
        #expect(seen.event?.client == "198.51.100.7")
    }

    @Test func aMalformedHeader_FromATrustedProxy_IsThePeer() throws {
        let seen = try pull(trusting: ["127.0.0.1"], forwardedFor: "198.51.100.7, unknown")
        #expect(seen.line.contains(" client=127.0.0.1 in=0 "), "\(seen.line)")
        #expect(seen.office?.lastAddress == "127.0.0.1")
    }

    @Test func theOfficePage_ShowsWhereTheOfficeWasLastSeenFrom() throws {
        let (hub, port, token, store) = try servedHub(trusting: ["127.0.0.1"])
        defer { hub.stop() }
        let client = try TestHTTPClient(port: port)
        try client.send("GET /v1/sync/pull HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer \(token)\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n")
        #expect(try client.readResponse(timeout: .seconds(10))?.status == 200)
        let admin = try AdminRegistry(store: store).add("ops", by: "test", now: 1)
        let page = try TestHTTPClient(port: port)
        try page.send("GET /office/soum-4305 HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer \(admin)\r\n\r\n")
        let html = try #require(try page.readResponse(timeout: .seconds(10))).text
        #expect(html.contains("<th>Сүүлд холбогдсон хаяг (last seen from)</th><td>198.51.100.7</td>"), "\(html)")
    }
}
