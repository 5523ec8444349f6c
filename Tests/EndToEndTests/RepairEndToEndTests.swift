import Foundation
import Testing
import HalamjTestSupport
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel

/// The district's repairs after a misused token (issue 13), through `halamj-hub` as an
/// administrator runs it: `office reset`, `case reassign`, `case purge`, all audited.
@Suite(.serialized) struct RepairEndToEndTests {
    let dir = TemporaryDirectory()

    func push(_ records: [Record], latest: UInt64, token: String, replica: String, to hub: ReplicaStore) throws -> Int {
        var headers = HTTPHeaders()
        headers.append(name: "Authorization", value: "Bearer \(token)")
        let body = try JSONEncoder().encode(PushRequest(replica: ReplicaID(replica)!, deliveredThrough: 0, latestCounter: latest,
                                                        pendingCount: 0, oldestPendingSeconds: nil, records: records))
        let router = HubRouter(sync: SyncRoutes(store: hub), admin: AdminRoutes(store: hub))
        do {
            return try router.handle(HTTPRequest(method: "POST", target: SyncProtocol.pushPath, path: SyncProtocol.pushPath,
                                                 query: [:], headers: headers, body: Array(body))).status
        } catch let error as HTTPError {
            return error.status
        }
    }

    func caseRecord(_ id: String, office: String, counter: UInt64) -> Record {
        var record = Record(collection: "cases", id: id, office: office)
        let replica = ReplicaID(office)!
        record.write(["name": "Бат", "status": "draft"], dot: Dot(replica: replica, counter: counter),
                     hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: replica))
        return record
    }

    @Test func aLockedOutOffice_IsResetToItsOwnCounter_AndStrayRecordsArePurgedOrReassigned() throws {
        let here = dir.url
        #expect(try Programs.run("halamj-hub", ["init", "--id", "hub-43"], in: here).status == 0)
        let token = try Programs.run("halamj-hub", ["office", "add", "soum-4305"], in: here).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Programs.run("halamj-hub", ["office", "add", "soum-4306"], in: here).status == 0)
        do {
            let hub = try Hub.open(path: dir.path("halamj-hub.db"))
            // A push with the office's token claims a counter far past the node's.
            #expect(try push([caseRecord("4305-2026-000001", office: "soum-4305", counter: 900_000)], latest: 900_000,
                             token: token, replica: "soum-4305", to: hub) == 200)
            #expect(try push([caseRecord("4305-2026-000002", office: "soum-4305", counter: 3)], latest: 3,
                             token: token, replica: "soum-4305", to: hub) == 409)
        }
        let missing = try Programs.run("halamj-hub", ["office", "reset", "soum-4305"], in: here)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("halamj-node status"), "says where the counter comes from: \(missing.stderr)")
        #expect(try Programs.run("halamj-hub", ["office", "reset", "soum-4305", "--counter", "x"], in: here).status == 64)
        let unknown = try Programs.run("halamj-hub", ["office", "reset", "soum-9999", "--counter", "3"], in: here)
        #expect(unknown.status == 1 && unknown.stderr.contains("no office soum-9999"))
        let reset = try Programs.run("halamj-hub", ["office", "reset", "soum-4305", "--counter", "3"], in: here)
        #expect(reset.status == 0)
        #expect(reset.stdout.contains("900000 → 3"), "\(reset.stdout)")
        #expect(reset.stdout.contains("cases/4305-2026-000001"), "names the record holding forged writes: \(reset.stdout)")
        do {
            let hub = try Hub.open(path: dir.path("halamj-hub.db"))
            #expect(try push([caseRecord("4305-2026-000002", office: "soum-4305", counter: 3)], latest: 3,
                             token: token, replica: "soum-4305", to: hub) == 200, "the office syncs again")
        }
        let reassigned = try Programs.run("halamj-hub", ["case", "reassign", "4305-2026-000002", "--office", "soum-4306"], in: here)
        #expect(reassigned.status == 0, "\(reassigned.stderr)")
        let shown = try Programs.run("halamj-hub", ["case", "show", "4305-2026-000002", "--json"], in: here)
        #expect(shown.stdout.contains("\"office\" : \"soum-4306\"") || shown.stdout.contains("\"office\":\"soum-4306\""), "\(shown.stdout)")
        #expect(try Programs.run("halamj-hub", ["case", "purge", "4305-2026-000001"], in: here).status == 0)
        let again = try Programs.run("halamj-hub", ["case", "purge", "4305-2026-000001"], in: here)
        #expect(again.status == 1 && again.stderr.contains("no record cases/4305-2026-000001"), "\(again.stderr)")
        let audit = try Programs.run("halamj-hub", ["audit", "--json"], in: here).stdout
        for action in ["office reset", "record reassign", "record purge"] { #expect(audit.contains(action), "audit has \(action)") }
    }
}
