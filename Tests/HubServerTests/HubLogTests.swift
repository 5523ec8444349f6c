import Foundation
import Testing
import HalamjHTTP
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel

/// What a served hub logs: one line a request with its route, status and office, never
/// the token; and the cause of every 500.
@Suite struct HubLogTests {
    let directory = TemporaryDirectory()
    let log = CapturedLog()

    func servedHub() throws -> (hub: Hub, port: UInt16, token: String, store: ReplicaStore) {
        let store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        var configuration = HubConfiguration()
        configuration.port = 0
        configuration.logger = log.logger("hub")
        let hub = Hub(store: store, configuration: configuration)
        return (hub, try hub.start(), token, store)
    }

    func send(_ port: UInt16, _ method: String, _ target: String, token: String?, body: [UInt8] = []) throws -> TestHTTPClient.Response {
        let client = try TestHTTPClient(port: port)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: hub\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if !body.isEmpty { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        try client.send(Array((head + "\r\n").utf8) + body)
        return try #require(try client.readResponse(timeout: .seconds(10)))
    }

    @Test func aPull_IsOneLine_WithRouteStatusOfficeBytesAndTime_AndNoTokenOrQuery() throws {
        let (hub, port, token, _) = try servedHub()
        defer { hub.stop() }
        let response = try send(port, "GET", "/v1/sync/pull?since=0&replica=soum-4305", token: token)
        #expect(response.status == 200)
        #expect(eventually { log.lines.count == 1 }, "\(log.text)")
        let line = try #require(log.lines.first)
        #expect(line.contains(" info hub: request method=GET route=/v1/sync/pull status=200 office=soum-4305 client=127.0.0.1 in=0 out=\(response.body.count) ms="), "\(line)")
        #expect(!line.contains(token) && !line.contains(String(token.split(separator: ".").last ?? "")))
        #expect(!line.contains("since") && !line.contains("Bearer"))
    }

    @Test func aWrongToken_IsLoggedAs401WithItsCode_WithoutTheToken() throws {
        let (hub, port, _, _) = try servedHub()
        defer { hub.stop() }
        let guess = "soum-4305." + String(repeating: "7", count: 64)
        #expect(try send(port, "GET", "/v1/sync/pull", token: guess).status == 401)
        #expect(eventually { !log.lines(containing: "route=/v1/sync/pull", "status=401", "error=unauthorized").isEmpty }, "\(log.text)")
        #expect(!log.text.contains(String(repeating: "7", count: 64)))
        #expect(log.lines(containing: " info hub: ").count == 1)
    }

    /// A full disk, made by capping the database's pages where they stand: the push needs more.
    @Test func aFullDisk_GivesA500_AndAnErrorLineWithTheCause() throws {
        let (hub, port, token, store) = try servedHub()
        defer { hub.stop() }
        let pages = try #require(try store.transaction { tx in try tx.database.scalarInt("PRAGMA page_count") })
        try store.transaction { tx in try tx.database.execute("PRAGMA max_page_count = \(pages)") }
        let replica = ReplicaID("soum-4305")!
        let records = (1...200).map { index in
            var record = Record(collection: "cases", id: "4305-2026-\(String(format: "%06d", index))", office: "soum-4305")
            record.write(["notes": String(repeating: "тэмдэглэл ", count: 100)], dot: Dot(replica: replica, counter: UInt64(index)),
                         hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: replica))
            return record
        }
        let body = try JSONEncoder().encode(PushRequest(
            replica: replica, deliveredThrough: 0, latestCounter: 200, pendingCount: 200, oldestPendingSeconds: 5, records: records))
        let response = try send(port, "POST", "/v1/sync/push", token: token, body: Array(body))
        #expect(response.status == 500)
        #expect(!response.text.contains("disk"), "the cause stays in the log, not in the answer")
        #expect(eventually { !log.lines(containing: " error hub: request", "route=/v1/sync/push", "status=500", "office=soum-4305").isEmpty }, "\(log.text)")
        let line = try #require(log.lines(containing: "status=500").first)
        #expect(line.contains("cause=\"") && line.contains("the disk is full"), "\(line)")
        #expect(line.contains("in=\(body.count)"))
        #expect(!line.contains(token) && !line.contains("тэмдэглэл"))
    }
}
