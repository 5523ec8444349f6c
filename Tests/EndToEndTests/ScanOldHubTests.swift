import Foundation
import Testing
import HubClient
import ReplicaStorage
import CaseBooks
import SyncModel
import HalamjTestSupport

/// Issue 20 at an office upgraded before its hub (the order docs/operations.md advises
/// against): the hub has no `/v1/files` (404). The round still syncs its records and ends
/// well; the scans stay queued, counted as held back, for the hub's upgrade.
@Suite struct ScanOldHubTests {
    @Test func aHubWithoutScans_TakesTheRecords_AndTheScansWaitForItsUpgrade() async throws {
        let dir = TemporaryDirectory()
        // An earlier hub: takes every push, has nothing to pull, knows no file path.
        let server = try ScriptedAnswerServer { request in
            func answer(_ status: String, _ body: String) -> [UInt8] {
                Array("HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
            }
            if request.head.hasPrefix("POST /v1/sync/push"), let push = try? JSONDecoder().decode(PushRequest.self, from: Data(request.body)) {
                let results = push.records.map { PushResult(collection: $0.collection, id: $0.id, outcome: .merged) }
                let response = PushResponse(hub: ReplicaID("hub-43")!, results: results, deliveredThrough: push.latestCounter)
                return answer("200 OK", String(decoding: response.json, as: UTF8.self))
            }
            if request.head.hasPrefix("GET /v1/sync/pull") {
                return answer("200 OK", #"{"hub":"hub-43","more":false,"next":0,"records":[]}"#)
            }
            return answer("404 Not Found", #"{"error":"not-found","message":"no such path"}"#)
        }
        defer { server.stop() }
        let node = try ReplicaStore.create(path: dir.path("node.db"), replica: ReplicaID("soum-4305")!, role: .node, office: "soum-4305")
        try node.setUpstream(Upstream(url: server.url, token: "t"))
        let book = CaseBook(store: node)
        let number = try book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99031212"), name: "Бат").number
        let document = Checklists.documents(for: .childCareAllowance, stage: .soum)[0].id
        try book.attach(number, document: document, bytes: Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 7, count: 5_000), name: "a.pdf",
                        files: ContentStore.beside(database: node.path))
        let report = try await SyncClient(store: node, upstream: try node.upstream()!).syncRound()
        #expect(report.pushedRecords == 1)
        #expect(report.filesSent == 0 && report.filesHeldBack == 1 && report.filesWaiting == 1)
        #expect(try node.status().lastSyncError == nil, "the round ended well")
        #expect(try node.filesWaiting().count == 1, "the scan waits for the hub's upgrade")
    }
}
