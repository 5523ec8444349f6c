import Foundation
import HalamjTestSupport
import HubServer
import ReplicaStorage
import Synchronization
import SyncModel

/// A real hub database in a temporary folder with two registered offices, the first with a
/// fixed token (so a replay sends the same bytes), a deterministic clock, and some history of
/// the hub's own writes, so that pushed records may carry the hub's entries as real ones do.
final class FuzzHub: Sendable {
    static let hubID = "hub-43"
    static let officeID = "soum-4305"
    static let otherOfficeID = "soum-4306"
    static let token = "soum-4305." + String(repeating: "0123456789abcdef", count: 4)
    static let baseMillis: Int64 = 1_795_608_000_000

    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    private let clock: FuzzClock

    final class FuzzClock: Sendable {
        let millis = Atomic<Int64>(FuzzHub.baseMillis)
        /// Each reading is a second later than the last.
        func now() -> Int64 { millis.add(1_000, ordering: .relaxed).newValue }
    }

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID(Self.hubID)!)
        let clock = FuzzClock()
        self.clock = clock
        router = HubRouter(
            sync: SyncRoutes(store: store, now: { clock.now() }),
            admin: AdminRoutes(store: store, now: { clock.now() }))
        let registry = OfficeRegistry(store: store)
        _ = try registry.add(Self.officeID, now: 1)
        _ = try registry.add(Self.otherOfficeID, now: 1)
        try store.transaction { tx in
            try tx.database.execute(
                "UPDATE offices SET token_hash = ? WHERE id = ?", [.text(OfficeToken.hash(Self.token)), .text(Self.officeID)])
        }
        // The hub's own writes on the office's first cases: a decision, a phone, a checklist flag, a status.
        try store.transaction { tx in
            for number in 1...4 {
                _ = try tx.write(
                    RecordKey(collection: "cases", id: Self.caseID(number)), office: Self.officeID,
                    changes: ["decision": "approved", "phone": "88001122", "doc_passport": "received", "status": "received"],
                    now: Self.baseMillis - 60_000 + Int64(number))
            }
        }
    }

    static func caseID(_ number: Int) -> String {
        "4305-2026-" + String(repeating: "0", count: 6 - String(number).count) + String(number)
    }

    /// The office's token on every request, fixed for replays.
    static var authorization: String { "Bearer \(token)" }

    /// Puts the office's reported counter back to 0, so later pushes are not all refused as
    /// coming from a rewound replica after one input claimed a huge counter.
    func forgetReportedCounter() {
        _ = try? store.transaction { tx in
            try tx.database.execute("UPDATE offices SET latest_counter = 0, delivered_through = 0 WHERE id = ?", [.text(Self.officeID)])
        }
    }

    func heldRecord(_ id: String) -> Record? {
        try? store.read { try $0.load(RecordKey(collection: "cases", id: id))?.record }
    }
}

/// Valid inputs, made with the model's own API: push bodies and whole requests.
enum SeedCorpus {
    static let office = ReplicaID(FuzzHub.officeID)!
    static let hub = ReplicaID(FuzzHub.hubID)!

    static func stamp(_ offset: Int64, _ replica: ReplicaID) -> HLCTimestamp {
        HLCTimestamp(wallMillis: FuzzHub.baseMillis + offset, logical: UInt32(offset % 3), replica: replica)
    }

    /// The office's copy of a record, written at counters from `firstCounter`.
    static func officeRecord(_ id: String, collection: String = "cases", writes: [[String: String]], firstCounter: UInt64) -> Record {
        var record = Record(collection: collection, id: id, office: FuzzHub.officeID)
        for (offset, changes) in writes.enumerated() {
            let counter = firstCounter + UInt64(offset)
            record.write(changes, dot: Dot(replica: office, counter: counter), hlc: stamp(Int64(counter) * 10, office))
        }
        return record
    }

    /// Push bodies covering the shapes a node sends: a new case, siblings against the hub's
    /// writes (last-writer-wins, checklist flag, workflow), a deletion that missed an edit, an
    /// immutable event, a refused hub-authority write, a mixed batch and an empty one.
    static func pushBodies(hub: FuzzHub) -> [[UInt8]] {
        var records: [String: Record] = [:]
        records["new"] = officeRecord("4305-2026-000101", writes: [
            ["name": "Бат-Эрдэнэ", "rd": "УБ99112233", "status": "draft", "service": "child-allowance"],
            ["phone": "99112233"],
        ], firstCounter: 1)
        // Concurrent with the hub's writes: the office had not seen them, so merging the hub's copy gives siblings.
        if let held = hub.heldRecord(FuzzHub.caseID(1)) {
            let mine = officeRecord(FuzzHub.caseID(1), writes: [["phone": "99001122"]], firstCounter: 3)
            records["lww"] = mine.merged(with: held)
        }
        if let held = hub.heldRecord(FuzzHub.caseID(2)) {
            let mine = officeRecord(FuzzHub.caseID(2), writes: [["doc_passport": "missing", "doc_birth": "yes"]], firstCounter: 4)
            records["flag"] = mine.merged(with: held)
        }
        if let held = hub.heldRecord(FuzzHub.caseID(3)) {
            let mine = officeRecord(FuzzHub.caseID(3), writes: [["status": "submitted", "name": "Сарангэрэл"]], firstCounter: 5)
            records["workflow"] = mine.merged(with: held)
        }
        if let held = hub.heldRecord(FuzzHub.caseID(4)) {
            var mine = officeRecord(FuzzHub.caseID(4), writes: [["name": "Дорж"]], firstCounter: 6)
            mine.write(mine.deletionChanges, dot: Dot(replica: office, counter: 7), hlc: stamp(70, office))
            records["deletion"] = mine.merged(with: held)
        }
        records["event"] = officeRecord("4305-ev-000001", collection: "events", writes: [["case": "4305-2026-000101", "kind": "visit", "note": "гэрт очсон"]], firstCounter: 8)
        records["refused"] = officeRecord("4305-2026-000102", writes: [["decision": "approved", "approved_amount": "120000"]], firstCounter: 9)

        func body(_ batch: [Record], latest: UInt64 = 12, pending: Int? = nil, oldest: Int? = 5_400) -> [UInt8] {
            let request = PushRequest(
                replica: office, deliveredThrough: latest, latestCounter: latest,
                pendingCount: pending ?? batch.count, oldestPendingSeconds: oldest, records: batch)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return Array(try! encoder.encode(request))
        }
        var bodies: [[UInt8]] = []
        for name in ["new", "lww", "flag", "workflow", "deletion", "event", "refused"] {
            if let record = records[name] { bodies.append(body([record])) }
        }
        bodies.append(body(["new", "lww", "flag", "workflow", "deletion", "event", "refused"].compactMap { records[$0] }, latest: 12, pending: 20))
        bodies.append(body([], latest: 12, pending: 0, oldest: nil))
        return bodies
    }

    static func request(_ method: String, _ target: String, headers: [String] = [], body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: hub.example\r\nAuthorization: \(FuzzHub.authorization)\r\nHalamj-Protocol: 1\r\n"
        for header in headers { head += header + "\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// `body` in chunks of the given sizes, with an extension and a trailer now and then.
    static func chunked(_ body: [UInt8], sizes: [Int], extensions: Bool = false, trailer: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        var turn = 0
        while offset < body.count {
            let size = min(sizes[turn % sizes.count], body.count - offset)
            turn += 1
            out += Array((String(size, radix: 16, uppercase: turn % 2 == 0) + (extensions ? ";n=\(turn)" : "") + "\r\n").utf8)
            out += body[offset..<(offset + size)]
            out += [0x0D, 0x0A]
            offset += size
        }
        out += Array(("0\r\n" + (trailer ? "Checksum: abc\r\n" : "") + "\r\n").utf8)
        return out
    }

    /// Whole requests: pulls, pushes framed by Content-Length and chunked, Expect: 100-continue,
    /// HTTP/1.0 keep-alive, absolute-form and asterisk targets, leading blank lines,
    /// percent-encoding, and keep-alive pipelined pairs.
    static func requests(pushBodies: [[UInt8]]) -> [[UInt8]] {
        let small = pushBodies[0]
        let batch = pushBodies[pushBodies.count - 2]
        let pull = request("GET", "/v1/sync/pull?since=0&limit=50")
        let push = request("POST", "/v1/sync/push", headers: ["Content-Type: application/json", "Content-Length: \(small.count)"], body: small)
        let chunkedPush = request("POST", "/v1/sync/push", headers: ["Transfer-Encoding: chunked"],
                                  body: chunked(small, sizes: [100, 7, 1000], extensions: true, trailer: true))
        return [
            pull,
            request("GET", "/v1/sync/pull"),
            request("GET", "/v1/sync/pull?since=3&limit=1000", headers: ["Connection: keep-alive", "Accept: application/json"]),
            push,
            request("POST", "/v1/sync/push", headers: ["Content-Length: \(batch.count)", "Connection: close"], body: batch),
            chunkedPush,
            request("POST", "/v1/sync/push", headers: ["Transfer-Encoding: chunked"], body: chunked(batch, sizes: [4096])),
            request("POST", "/v1/sync/push", headers: ["Expect: 100-continue", "Content-Length: \(small.count)"], body: small),
            Array("GET /v1/sync/pull?since=0 HTTP/1.0\r\nConnection: keep-alive\r\nAuthorization: \(FuzzHub.authorization)\r\n\r\n".utf8),
            Array("GET http://hub.example:8470/v1/sync/pull?limit=5 HTTP/1.1\r\nHost: hub.example\r\nAuthorization: \(FuzzHub.authorization)\r\n\r\n".utf8),
            Array("OPTIONS * HTTP/1.1\r\nHost: hub.example\r\n\r\n".utf8),
            Array("\r\n\r\nGET /v1/sync/%70ull?since=%30&limit=1%30 HTTP/1.1\r\nHost: hub.example\r\nAuthorization: \(FuzzHub.authorization)\r\n\r\n".utf8),
            request("GET", "/v1/status"),
            pull + push,
            push + chunkedPush + pull,
        ]
    }

    /// Chunked bodies alone, for the chunked decoder.
    static func chunkedBodies(pushBodies: [[UInt8]]) -> [[UInt8]] {
        let hello = Array("hello, world".utf8)
        return [
            chunked(hello, sizes: [5]),
            chunked(hello, sizes: [1, 2, 3], extensions: true),
            chunked(hello, sizes: [12], trailer: true),
            Array("0\r\n\r\n".utf8),
            Array("000A\r\n0123456789\r\n0\r\nA: b\r\nC: d\r\n\r\nGET / HTTP/1.1\r\n".utf8),
            Array("5 ;a=b\r\nhello\r\n0\r\n\r\n".utf8),
            chunked(pushBodies[0], sizes: [64, 128]),
            chunked(pushBodies[pushBodies.count - 2], sizes: [2048]) + Array("POST /next HTTP/1.1\r\n".utf8),
        ]
    }
}
