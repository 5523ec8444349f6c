import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import SyncModel
import Testing
import HalamjHTTP

/// Inputs the fuzzer found that trapped the hub (killing the process: every office's sync down),
/// minimised, and sent as the fuzzer sends them: raw request bytes, parsed, then routed.
@Suite struct FuzzRegressionTests {
    let hub: FuzzHub

    init() throws {
        hub = try FuzzHub()
    }

    /// The status, error code and body a raw request gets from the parser and the router.
    func send(_ raw: [UInt8]) throws -> (status: Int, code: String?, body: [UInt8]) {
        guard case .head(let head, let length) = try HTTPRequestParser.parseHead(raw, limits: HTTPLimits()) else {
            Issue.record("the request is incomplete")
            return (0, nil, [])
        }
        let request = HTTPRequest(head: head, body: Array(raw[length...]))
        do {
            let response = try hub.router.handle(request)
            return (response.status, nil, response.body)
        } catch let error as HTTPError {
            return (error.status, error.code, Array(error.message.utf8))
        }
    }

    static func push(_ json: String) -> [UInt8] {
        SeedCorpus.request("POST", "/v1/sync/push", headers: ["Content-Length: \(json.utf8.count)"], body: Array(json.utf8))
    }

    static func entry(_ value: String, _ replica: String, _ counter: UInt64) -> String {
        #"{"value":"\#(value)","replica":"\#(replica)","counter":\#(counter),"wall":1795608000000,"logical":0}"#
    }

    static func body(latest: String = "1", delivered: String = "1", pending: String = "1", records: [String]) -> String {
        #"{"replica":"soum-4305","softwareVersion":"0.1.0","deliveredThrough":\#(delivered),"latestCounter":\#(latest),"pendingCount":\#(pending),"records":[\#(records.joined(separator: ","))]}"#
    }

    static func record(_ id: String, fields: String = #"{"name":[\#(entry("x", "soum-4305", 1))]}"#, vector: String = #"{"soum-4305":1}"#) -> String {
        #"{"collection":"cases","id":"\#(id)","office":"soum-4305","fields":\#(fields),"vector":\#(vector)}"#
    }

    /// Found by the handler target (seed 0x1, iteration 459): `Int64(push.latestCounter)` and
    /// `Int64(delivered)` in SyncRoutes.push trapped on a counter past Int64.max, which UInt64 decodes.
    @Test func counterPastInt64Max_Is400_NotATrap() throws {
        for (latest, delivered) in [("18446744073709551615", "1"), ("9223372036854775808", "0"), ("1", "9223372036854775808")] {
            let result = try send(Self.push(Self.body(latest: latest, delivered: delivered, pending: "0", records: [])))
            #expect(result.status == 400, "latestCounter \(latest), deliveredThrough \(delivered)")
            #expect(result.code == "malformed")
        }
        #expect(try send(Self.push(Self.body(latest: "9223372036854775807", delivered: "9223372036854775807", pending: "0", records: []))).status == 200)
    }

    /// The same line's neighbour: `push.pendingCount - merged` overflowed for a pendingCount of
    /// Int.min once one record merged.
    @Test func negativePendingCount_Is400_NotATrap() throws {
        let result = try send(Self.push(Self.body(pending: "-9223372036854775808", records: [Self.record("4305-2026-000900")])))
        #expect(result.status == 400)
        #expect(try hub.store.read { try $0.load(RecordKey(collection: "cases", id: "4305-2026-000900")) } == nil)
    }

    /// Found by the handler target (seed 0x4, iteration 4877): SQLite text was bound with length -1,
    /// so it stopped at a NUL and "4305-2026-000004\u0000x…" loaded the record "4305-2026-000004";
    /// merging the two tripped Record.merged's precondition ("merge of two different records").
    @Test func idsThatDifferOnlyAfterANUL_AreTwoRecords() throws {
        let raw = FuzzInput.bytes(escaped: #"POST /v1/sync/push HTTP/1.1\r\nHost: hub.example\r\nAuthorization: Bearer soum-4305.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\nContent-Length: 306\r\n\r\n{\"replica\":\"soum-4305\",\"softwareVersion\":\"0.1.0\",\"deliveredThrough\":1,\"latestCounter\":1,\"pendingCount\":1,\"records\":[{\"collection\":\"cases\",\"fields\":{\"name\":[{\"counter\":1,\"logical\":0,\"replica\":\"soum-4305\",\"value\":\"x\",\"wall\":1}]},\"id\":\"4305-2026-000004\\u0000x\",\"office\":\"soum-4305\",\"vector\":{\"soum-4305\":1}}]}"#)
        let result = try send(raw)
        #expect(result.status == 200)
        let answer = try JSONDecoder().decode(PushResponse.self, from: Data(result.body))
        // Since the trust boundary (issue 13) such an id is no office's to create: refused alone.
        #expect(answer.results.map(\.outcome) == [.refused])
        let (held, other) = try hub.store.read { tx in
            (try tx.load(RecordKey(collection: "cases", id: "4305-2026-000004")), try tx.load(RecordKey(collection: "cases", id: "4305-2026-000004\u{0}x")))
        }
        #expect(held?.record.id == "4305-2026-000004", "the hub's own record is untouched")
        #expect(other == nil)
    }

    /// Two ids that differ after a NUL, at the storage layer.
    @Test func storeKeepsKeysThatDifferAfterANUL() throws {
        for id in ["n1", "n1\u{0}b", "n1\u{0}c"] {
            _ = try hub.store.transaction {
                try $0.write(RecordKey(collection: "cases", id: id), office: FuzzHub.officeID, changes: ["name": id], now: 1)
            }
        }
        let ids = try hub.store.read { try $0.records(collection: "cases", office: FuzzHub.officeID) }.map(\.record.id)
        #expect(Set(ids).isSuperset(of: ["n1", "n1\u{0}b", "n1\u{0}c"]))
    }

    /// Found by the handler target (seed 0x2, iteration 1019): a copy whose vector claims writes of
    /// the hub it never made ("hub-43": 1795608000030 while the hub had made 5), with checklist
    /// siblings, made the automatic closing write a dot the record already "had": Record.write's
    /// precondition ("a write's counter must be new to the record") trapped.
    @Test func copyClaimingHubWritesItNeverMade_IsRefused_NotATrap() throws {
        let fields = #"{"doc_passport":[\#(Self.entry("received", "hub-43", 2)),\#(Self.entry("missing", "soum-4305", 4))]}"#
        let forged = Self.record("4305-2026-000021", fields: fields, vector: #"{"hub-43":1795608000030,"soum-4305":4}"#)
        let result = try send(Self.push(Self.body(latest: "4", delivered: "4", records: [forged])))
        #expect(result.status == 200)
        let answer = try JSONDecoder().decode(PushResponse.self, from: Data(result.body))
        #expect(answer.results.map(\.outcome) == [.refused])
        #expect(answer.results.first?.reason?.contains("hub-43") == true)
        #expect(try hub.store.read { try $0.load(RecordKey(collection: "cases", id: "4305-2026-000021")) } == nil)

        // An honest concurrent edit: the hub marks the document received, the office (not
        // having seen that) marks it missing. Merged, and closed by the hub.
        _ = try hub.store.transaction {
            try $0.write(RecordKey(collection: "cases", id: "4305-2026-000022"), office: FuzzHub.officeID,
                         changes: ["doc_passport": "received"], now: 1)
        }
        let officeOnly = #"{"doc_passport":[\#(Self.entry("missing", "soum-4305", 4))]}"#
        let honest = Self.record("4305-2026-000022", fields: officeOnly, vector: #"{"soum-4305":4}"#)
        let merged = try send(Self.push(Self.body(latest: "4", delivered: "4", records: [honest])))
        #expect(merged.status == 200)
        let closed = try hub.store.read { try $0.load(RecordKey(collection: "cases", id: "4305-2026-000022")) }
        #expect(closed?.record.entries("doc_passport").map(\.value) == ["received"])
    }
}
