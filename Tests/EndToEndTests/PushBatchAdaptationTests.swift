import Foundation
import Synchronization
import Testing
@testable import HubServer
import HalamjHTTP
@testable import ReplicaStorage
@testable import HubClient
import SyncModel

/// The push batch follows the link (issue 14, part 2): a timeout, a cut connection or a
/// 408 halves it as a 413 does, fast batches let it grow back, and every acknowledged
/// batch is kept, so a link that drops resends at most the batch in flight.
@Suite struct PushBatchAdaptationTests {
    let dir = TemporaryDirectory()

    /// Sends `request` to the hub as it is and returns the hub's whole answer (read to the
    /// end of the connection, which the hub is asked to close after it).
    static func forward(_ request: ScriptedAnswerServer.Request, to port: UInt16) -> [UInt8] {
        guard let hub = try? Socket.connect(host: "127.0.0.1", port: port) else { return [] }
        defer { hub.close() }
        try? hub.send(Array((request.head + "\r\nConnection: close\r\n\r\n").utf8) + request.body, until: .now + .seconds(5))
        var answer: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard (try? hub.wait(for: .readable, until: deadline)) == true,
                  case .received? = try? hub.receive(appendingTo: &answer) else { break }
        }
        // This "link" measures bodies as they come: the node is not told that the hub takes
        // gzip, so its bodies keep the size the test reckons with.
        let head = String(decoding: answer, as: UTF8.self)
        guard let end = head.range(of: "\r\n\r\n") else { return answer }
        let headBytes = head[..<end.lowerBound].utf8.count
        let lines = head[..<end.lowerBound].components(separatedBy: "\r\n").filter { !$0.lowercased().hasPrefix("accept-encoding:") }
        return Array(lines.joined(separator: "\r\n").utf8) + Array(answer[headBytes...])
    }

    func setUp(cases count: Int) throws -> (hub: TestHub, node: TestNode) {
        let store = try Hub.create(path: dir.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        let hub = try TestHub(store: store)
        let node = try TestNode(directory: dir, office: "soum-4305", hub: hub.url, token: token)
        for index in 0..<count { _ = try node.open("Иргэн \(index)", ["note": "\(index)"]) }
        return (hub, node)
    }

    func dirtyCount(_ node: TestNode) throws -> Int {
        try node.store.nextOutboundPush(limit: 1_000, now: Clock.nowMillis())?.count ?? 0
    }

    @Test func batchesTooBigForTheLink_GetA408_AndAreHalved_UntilEverythingArrives() async throws {
        let (hub, node) = try setUp(cases: 40)
        defer { hub.stop() }
        // The "link" passes bodies of up to about 5 records in time; a longer one gets the
        // hub's 408, as a slow link would under the hub's read deadline.
        let fits = try #require(try node.store.nextOutboundPush(limit: 5, now: Clock.nowMillis())).json.count + 100
        let timeouts = Mutex(0)
        let link = try ScriptedAnswerServer { request in
            guard request.body.count <= fits else {
                timeouts.withLock { $0 += 1 }
                let body = #"{"error":"request-timeout","message":"the request took longer than the hub waits"}"#
                return Array("HTTP/1.1 408 Request Timeout\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
            }
            return Self.forward(request, to: hub.port)
        }
        defer { link.stop() }
        try node.store.setUpstream(Upstream(url: link.url, token: try node.store.upstream()!.token))
        let report = try await node.sync(batchSize: 40)
        #expect(report.pushedRecords == 40)
        #expect(try hub.cases(office: "soum-4305").count == 40)
        #expect(try dirtyCount(node) == 0)
        // 40 → 20 → 10 → 5 by halving; fast batches double it again (and meet the 408 again).
        #expect(timeouts.withLock { $0 } >= 3)
        #expect(report.pushBatches >= 8)
    }

    @Test func aLinkThatDropsNearTheEnd_ResendsAtMostTheBatchInFlight() async throws {
        let (hub, node) = try setUp(cases: 50)
        defer { hub.stop() }
        // Four batches of 10 go through; the fifth reaches the hub, which merges it, but
        // its answer is lost with the link; from then on the link is down.
        let pushes = Mutex(0)
        let link = try ScriptedAnswerServer { request in
            guard request.isPush else { return Self.forward(request, to: hub.port) }
            let index = pushes.withLock { $0 += 1; return $0 }
            if index <= 4 { return Self.forward(request, to: hub.port) }
            if index == 5 { _ = Self.forward(request, to: hub.port) }
            return []  // the connection closes without an answer
        }
        defer { link.stop() }
        let token = try node.store.upstream()!.token
        try node.store.setUpstream(Upstream(url: link.url, token: token))
        await #expect { _ = try await node.sync(batchSize: 10) } throws: { ($0 as? SyncError)?.isTemporary == true }
        #expect(try hub.cases(office: "soum-4305").count == 50, "the fifth batch reached the hub")
        #expect(try dirtyCount(node) == 10, "the four acknowledged batches are kept; only the one in flight is pending")

        try node.store.setUpstream(Upstream(url: hub.url, token: token))
        let report = try await node.sync(batchSize: 10)
        #expect(report.pushedRecords <= 10, "at most the batch in flight goes again")
        #expect(try hub.cases(office: "soum-4305").count == 50, "nothing duplicated")
        #expect(try dirtyCount(node) == 0)
    }
}
