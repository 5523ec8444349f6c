import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// The hub's routes, in process, without sockets.
@Suite struct SyncRoutesTests: HubRouteTesting {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let token: String
    let otherToken: String

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        router = HubRouter(sync: SyncRoutes(store: store), admin: AdminRoutes(store: store))
        token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        otherToken = try OfficeRegistry(store: store).add("soum-4306", now: 1)
    }

    @Test func unknownPath_Is404_AndWrongMethod_Is405() {
        #expect(outcome(request("GET", "/v1/nothing", token: token)).status == 404)
        #expect(outcome(request("GET", "/v1/sync/push", token: token)).status == 405)
        #expect(outcome(request("POST", "/v1/sync/pull", token: token)).status == 405)
    }

    @Test func missingMalformedOrUnknownTokens_Are401() {
        #expect(outcome(request("GET", "/v1/sync/pull")).code == "unauthorized")
        #expect(outcome(request("GET", "/v1/sync/pull", headers: [("Authorization", "Basic abc")])).status == 401)
        #expect(outcome(request("GET", "/v1/sync/pull", token: "soum-4305.nothex")).status == 401)
        var forged = Array(token)
        forged[forged.count - 1] = forged.last == "0" ? "1" : "0"
        #expect(outcome(request("GET", "/v1/sync/pull", token: String(forged))).status == 401)
        #expect(outcome(request("GET", "/v1/sync/pull", token: token)).status == 200)
    }

    @Test func badJSON_Is400_AndSaysWhere() throws {
        let result = outcome(request("POST", "/v1/sync/push", token: token, body: Data(#"{"replica": "soum-4305", "records": [}"#.utf8)))
        #expect(result.status == 400)
        #expect(result.code == "malformed")
        #expect(result.message?.contains("character 37") == true, "says where: \(result.message ?? "")")
        let cut = outcome(request("POST", "/v1/sync/push", token: token, body: Data("{\"replica\": ".utf8)))
        #expect(cut.status == 400)
        #expect(cut.message?.contains("at byte 12") == true, "says where: \(cut.message ?? "")")
        let missing = outcome(request("POST", "/v1/sync/push", token: token, body: Data("{\"replica\":\"soum-4305\"}".utf8)))
        #expect(missing.status == 400)
        #expect(missing.message?.contains("softwareVersion") == true || missing.message?.contains("missing key") == true)
    }

    @Test func pushOfAnotherOfficesRecord_IsRefusedAlone_AndTheRestOfTheBatchIsMerged() throws {
        let body = try pushBody([record("4305-2026-000001", office: "soum-4305"), record("4306-2026-000001", office: "soum-4306")])
        let answer = try JSONDecoder().decode(PushResponse.self, from: Data(try router.handle(request("POST", "/v1/sync/push", token: token, body: body)).body))
        #expect(answer.results.map(\.outcome) == [.merged, .refused])
        #expect(answer.results[1].reason?.contains("names office soum-4306, not soum-4305") == true, "\(answer.results[1].reason ?? "")")
        #expect(try store.read { try $0.records(collection: "cases") }.map(\.record.id) == ["4305-2026-000001"])
    }

    @Test func copyOfAnotherOfficesCase_UnderOurOfficeName_IsRefused() throws {
        _ = try router.handle(request("POST", "/v1/sync/push", token: otherToken,
                                      body: try pushBody([record("4306-2026-000001", office: "soum-4306")], replica: "soum-4306")))
        let answer = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody([record("4306-2026-000001", office: "soum-4305")])))
        let result = try #require(try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results.first)
        #expect(result.outcome == .refused)
        #expect(result.reason?.contains("belongs to office soum-4306") == true, "\(result.reason ?? "")")
        let held = try store.read { try $0.load(RecordKey(collection: "cases", id: "4306-2026-000001")) }
        #expect(held?.record.office == "soum-4306")
    }

    @Test func oneOfficesToken_UsedByAnotherReplica_Is403() throws {
        let body = try pushBody([record("x", office: "soum-4306")], replica: "soum-4306")
        #expect(outcome(request("POST", "/v1/sync/push", token: token, body: body)).code == "wrong-replica")
    }

    @Test func tooManyRecordsInOneBatch_Is413() throws {
        let records = (0...SyncProtocol.maximumBatchSize).map { record("r\($0)", office: "soum-4305") }
        #expect(outcome(request("POST", "/v1/sync/push", token: token, body: try pushBody(records))).status == 413)
    }

    @Test func otherProtocolVersion_Is409() {
        let result = outcome(request("GET", "/v1/sync/pull", token: token, headers: [("Halamj-Protocol", "2")]))
        #expect(result.status == 409)
        #expect(result.code == "protocol-version")
    }

    @Test func badSinceOrLimit_Is400() {
        #expect(outcome(request("GET", "/v1/sync/pull?since=-1", token: token)).status == 400)
        #expect(outcome(request("GET", "/v1/sync/pull?limit=0", token: token)).status == 400)
        #expect(outcome(request("GET", "/v1/sync/pull?limit=100000", token: token)).status == 400)
    }

    @Test func pushThenPull_ReturnsTheOfficesRecords_AndRecordsWhatTheNodeReported() throws {
        let body = try JSONEncoder().encode(PushRequest(
            replica: ReplicaID("soum-4305")!, deliveredThrough: 1, latestCounter: 1,
            pendingCount: 3, oldestPendingSeconds: 5, records: [record("4305-2026-000001", office: "soum-4305")]))
        let pushed = try router.handle(request("POST", "/v1/sync/push", token: token, body: body))
        let answer = try JSONDecoder().decode(PushResponse.self, from: Data(pushed.body))
        #expect(answer.results.map(\.outcome) == [.merged])
        #expect(answer.deliveredThrough == 1)
        let pulled = try router.handle(request("GET", "/v1/sync/pull?since=0&limit=10", token: token))
        let page = try JSONDecoder().decode(PullResponse.self, from: Data(pulled.body))
        #expect(page.records.map(\.id) == ["4305-2026-000001"])
        #expect(!page.more)
        let other = try router.handle(request("GET", "/v1/sync/pull", token: otherToken))
        #expect(try JSONDecoder().decode(PullResponse.self, from: Data(other.body)).records.isEmpty)
        let office = try #require(try OfficeRegistry(store: store).office("soum-4305"))
        #expect(office.latestCounter == 1)
        #expect(office.deliveredThrough == 1)
        #expect(office.oldestPendingSeconds == 5, "two changes still wait at the node")
        #expect(office.pendingCount == 2)
        #expect(office.recordsIn == 1 && office.recordsOut == 1)
        #expect(office.lastPushAt != nil && office.lastPullAt != nil)
    }

    @Test func aNodeWhoseDatabaseWentBackInTime_IsRefused() throws {
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody([record("4305-2026-000001", office: "soum-4305", counter: 5)], latest: 5)))
        let result = outcome(request("POST", "/v1/sync/push", token: token, body: try pushBody([record("4305-2026-000002", office: "soum-4305", counter: 2)], latest: 2)))
        #expect(result.status == 409)
        #expect(result.code == "replica-rewound")
        #expect(try store.read { try $0.load(RecordKey(collection: "cases", id: "4305-2026-000002")) } == nil)
    }

    @Test func registry_RefusesDuplicateOfficesAndCodes() throws {
        let registry = OfficeRegistry(store: store)
        #expect(throws: OfficeRegistry.RegistryError.exists("soum-4305")) { try registry.add("soum-4305", now: 2) }
        #expect(throws: OfficeRegistry.RegistryError.codeTaken(code: "4305", by: "soum-4305")) { try registry.add("khoroo-4305", now: 2) }
        #expect(throws: OfficeRegistry.RegistryError.invalidID("Soum 1")) { try registry.add("Soum 1", now: 2) }
    }

    @Test func storedTokenHash_IsTheSHA256OfTheToken_NotTheToken() throws {
        let stored = try store.read { try $0.database.scalarText("SELECT token_hash FROM offices WHERE id = 'soum-4305'") }
        #expect(stored == SHA256.hexDigest(token))
        #expect(stored != token)
        #expect(stored?.count == 64)
    }

    @Test func anOffice_CannotForgeTheHubsWrites_NorClaimToHaveSeenOnesItNeverGot() throws {
        // The hub decides a case of soum-4305: its writes carry the hub's dots.
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody([record("4305-2026-000001", office: "soum-4305")])))
        let hub = store.replica
        _ = try store.transaction {
            try $0.write(RecordKey(collection: "cases", id: "4305-2026-000001"), office: "soum-4305",
                         changes: ["decision": "rejected", "approved_amount": "0"], now: 2_000)
        }
        let hubCounter = try store.read { try $0.latestCounter() }

        // 1. An entry "by the hub" on another case, which the hub never wrote.
        var forged = Record(collection: "cases", id: "4305-2026-000002", office: "soum-4305")
        forged.write(["approved_amount": "9999999"], dot: Dot(replica: hub, counter: hubCounter),
                     hlc: HLCTimestamp(wallMillis: 3_000, logical: 0, replica: hub))
        // 2. The decided case, claiming to have seen the hub's writes while lacking them:
        //    merged as it is, it would drop the decision.
        var erasing = record("4305-2026-000001", office: "soum-4305", counter: 2)
        var claims = Record(collection: "cases", id: "4305-2026-000001", office: "soum-4305")
        claims.write(["notes": "x"], dot: Dot(replica: hub, counter: hubCounter), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: hub))
        erasing = Record(collection: erasing.collection, id: erasing.id, office: erasing.office,
                         fields: erasing.fields.merging(["notes": claims.entries("notes")]) { a, _ in a },
                         vector: erasing.vector.merged(with: claims.vector))
        let answer = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody([forged, erasing], latest: 2)))
        let results = try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results
        #expect(results.map(\.outcome) == [.refused, .refused])
        #expect(results[0].reason?.contains("never sent") == true, "\(results[0].reason ?? "")")
        #expect(results[1].reason?.contains("erase") == true, "\(results[1].reason ?? "")")
        #expect(try store.read { try $0.load(RecordKey(collection: "cases", id: "4305-2026-000002")) } == nil)
        let decided = try #require(try store.read { try $0.load(RecordKey(collection: "cases", id: "4305-2026-000001")) })
        #expect(decided.record.value("decision") == "rejected", "the hub's decision is still there")
    }
}
