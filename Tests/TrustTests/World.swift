import Foundation
import Synchronization
import HalamjTestSupport
import HubServer
import HalamjHTTP
import ReplicaStorage
import CaseBooks
import LocalNode
import SyncModel

/// One district in process: a hub behind its real router and soum nodes on their real
/// stores, synced by calling the routes (no sockets), on a clock the test moves.
final class World {
    static let hubID = ReplicaID("hub-43")!
    /// Memory-backed where there is one: a run makes thousands of small databases.
    let directory = TemporaryDirectory(
        in: FileManager.default.isWritableFile(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : nil)
    let hub: ReplicaStore
    let router: HubRouter
    let nodes: [String: ReplicaStore]
    let tokens: [String: String]
    /// The time every replica reads: moved by the test only.
    final class Clock: Sendable {
        let millis = Mutex<Int64>(1_790_000_000_000)
    }
    private let clock = Clock()
    /// Every 5xx or thrown non-HTTP error the router gave: the hub must never give one.
    let serverErrors = Mutex<[String]>([])

    init(offices: [String]) throws {
        hub = try Hub.create(path: directory.path("hub.db"), id: Self.hubID)
        let clock = self.clock
        router = HubRouter(sync: SyncRoutes(store: hub, now: { clock.millis.withLock { $0 } }), admin: AdminRoutes(store: hub))
        var nodes: [String: ReplicaStore] = [:]
        var tokens: [String: String] = [:]
        for office in offices {
            tokens[office] = try OfficeRegistry(store: hub).add(office, now: 1)
            nodes[office] = try NodeStore.create(path: directory.path("\(office).db"), replica: ReplicaID(office)!, office: office)
        }
        self.nodes = nodes
        self.tokens = tokens
    }

    var now: Int64 { clock.millis.withLock { $0 } }

    func tick(_ millis: Int64 = 1_000) {
        clock.millis.withLock { $0 += millis }
    }

    /// The router's answer: status and body, or the error it threw.
    func send(_ method: String, _ target: String, office: String, body: [UInt8] = []) -> (status: Int, body: [UInt8]) {
        var headers = HTTPHeaders()
        headers.append(name: "Authorization", value: "Bearer \(tokens[office]!)")
        let request = HTTPRequest.inProcess(method, target, headers: headers, body: body)
        let (response, serverError) = HTTPResponse.answering(request, with: router.handle)
        if let serverError { serverErrors.withLock { $0.append(serverError) } }
        return (response.status, response.body)
    }

    enum SyncFailure: Error, CustomStringConvertible {
        case refused(String, Int, String)
        var description: String {
            switch self { case .refused(let what, let status, let body): "\(what) answered \(status): \(body)" }
        }
    }

    /// A sync round of `office`'s node as `SyncClient` makes it: push until nothing is
    /// dirty, pull until no more, acknowledge the decisions that came. The attacker's
    /// syncs leave the clock alone, so that honest work happens at the same times with
    /// or without it.
    func sync(_ office: String, tick moves: Bool = true) throws {
        let node = nodes[office]!
        for _ in 0..<20 {
            guard let batch = try node.nextOutboundBatch(limit: 50, now: now) else { break }
            let answer = send("POST", SyncProtocol.pushPath, office: office, body: try JSONEncoder().encode(batch.request).map { $0 })
            guard answer.status == 200 else { throw SyncFailure.refused("push", answer.status, String(decoding: answer.body, as: UTF8.self)) }
            _ = try node.acknowledge(batch, response: try SyncJSON.pushResponse(Data(answer.body)), now: now)
        }
        var changed: [RecordKey] = []
        for _ in 0..<20 {
            let since = try node.pullCheckpoint()
            let answer = send("GET", "\(SyncProtocol.pullPath)?since=\(since)&limit=50&replica=\(node.replica)", office: office)
            guard answer.status == 200 else { throw SyncFailure.refused("pull", answer.status, String(decoding: answer.body, as: UTF8.self)) }
            let (response, bodies) = try SyncJSON.pullResponseKeepingBodies(Data(answer.body))
            changed += try node.applyPull(response, bodies: bodies, now: now)
            if !response.more { break }
        }
        let book = CaseBook(store: node)
        try book.catchUpNumbers(changed)
        try book.acknowledgeDecisions(changed, now: now)
        if moves { tick() }
    }
}
