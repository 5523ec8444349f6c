import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ReplicaStorage
import SyncModel

/// Not one of issue 8's six: where a push and a pull spend their time (`--only split`).
/// Runs SyncClient's loop step by step through the same public calls and times each
/// step; the hub's side comes from its sync history (its transaction, before COMMIT),
/// and its reading of a push is timed again here on the same bytes.
enum SplitBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let count = quick ? 10_000 : 50_000
        let office = "soum-4305"
        let dir = try folder.folder("split")
        defer { folder.remove("split") }
        let hub = try InProcessHub(path: dir + "/hub.db")
        defer { hub.stop() }
        let token = try hub.addOffice(office)
        let node = try BenchNode.create(path: dir + "/node.db", office: office, hub: hub.url, token: token)
        let writer = ReplicaID(office)!
        let opened = Clock.nowMillis() - 3_600_000
        try Seed.fill(node, count: count, meta: ["counter": String(count), "local_seq": String(count)]) { index in
            SeedRow(CaseFactory.record(office: office, index: index, writer: writer, counter: UInt64(index + 1)),
                    localSeq: Int64(index + 1), dirty: true, pendingSince: UInt64(index + 1), pendingAt: opened)
        }
        let session = ephemeralSession()
        defer { session.finishTasksAndInvalidate() }

        func send(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
            var request = URLRequest(url: URL(string: hub.url.absoluteString + path)!)
            request.httpMethod = method
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("1", forHTTPHeaderField: SyncProtocol.versionHeader)
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = body
            }
            let (data, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw BenchError("split: \(path) answered \(String(decoding: data.prefix(200), as: UTF8.self))") }
            return data
        }
        func hubTransactionSeconds(_ kind: String) throws -> Double {
            try hub.store.read {
                Double(try $0.database.scalarInt("SELECT coalesce(sum(duration_ms), 0) FROM sync_events WHERE kind = ?", [.text(kind)]) ?? 0) / 1000
            }
        }

        // Push, as SyncClient.push does it.
        var t = [String: Double]()
        func add(_ key: String, _ value: Double) { t[key, default: 0] += value }
        let pushCPU = cpuSeconds()
        let pushWall = try await seconds {
            while true {
                var batch: OutboundPush?
                add("push.client.nextOutboundPush", try seconds { batch = try node.nextOutboundPush(limit: 500, now: Clock.nowMillis()) })
                guard let batch else { break }
                var body = Data()
                add("push.client.encodeRequest", seconds { body = Data(batch.json) })
                var answer = Data()
                add("push.roundTrip", try await seconds { answer = try await send("POST", SyncProtocol.pushPath, body: body) })
                // What reading the batch costs the hub, timed here on the same bytes (not part of the wall).
                // The same bytes to a path the hub does not serve (404 once read): what the
                // HTTP exchange alone costs (not part of the wall).
                add("push.httpOnly(estimate)", try await seconds {
                    var request = URLRequest(url: URL(string: hub.url.absoluteString + "/v1/bench-void")!)
                    request.httpMethod = "POST"
                    request.httpBody = body
                    _ = try await session.data(for: request)
                })
                add("push.hub.decode(estimate)", try seconds { _ = try SyncJSON.pushRequestKeepingBodies(Array(body)) })
                var response: PushResponse?
                add("push.client.decodeAnswer", try seconds { response = try SyncJSON.pushResponse(answer) })
                add("push.client.acknowledge", try seconds {
                    _ = try node.noteUpstream(response!.hub, now: Clock.nowMillis())
                    _ = try node.acknowledge(batch, response: response!, now: Clock.nowMillis())
                })
            }
        }
        t["push.cpu"] = cpuSeconds() - pushCPU
        t["push.hub.transaction"] = try hubTransactionSeconds("push")

        // Pull of everything back into a new node, as SyncClient.pull does it.
        let fresh = try BenchNode.create(path: dir + "/fresh.db", office: office, replica: "soum-4305_rnew", hub: hub.url, token: token)
        let pullCPU = cpuSeconds()
        let pullWall = try await seconds {
            while true {
                var since: UInt64 = 0
                add("pull.client.checkpoint", try seconds { since = try fresh.pullCheckpoint() })
                var answer = Data()
                add("pull.roundTrip", try await seconds { answer = try await send("GET", SyncProtocol.pullPath + "?since=\(since)&limit=500") })
                var response: PullResponse?
                var bodies: [[UInt8]?] = []
                add("pull.client.decodeAnswer", try seconds { (response, bodies) = try SyncJSON.pullResponseKeepingBodies(answer) })
                add("pull.client.applyPull", try seconds {
                    _ = try fresh.noteUpstream(response!.hub, now: Clock.nowMillis())
                    _ = try fresh.applyPull(response!, bodies: bodies, now: Clock.nowMillis())
                })
                if !response!.more { break }
            }
        }
        t["pull.cpu"] = cpuSeconds() - pullCPU
        t["pull.hub.transaction"] = try hubTransactionSeconds("pull")
        guard try fresh.status().recordCount == count else { throw BenchError("split: the pull missed records") }

        t["push.wall"] = pushWall
        t["pull.wall"] = pullWall
        // Outside the hub's transaction: HTTP both ways, reading the request, the token check, COMMIT.
        t["push.roundTrip-hubTransaction"] = t["push.roundTrip"]! - t["push.hub.transaction"]!
        t["pull.roundTrip-hubTransaction"] = t["pull.roundTrip"]! - t["pull.hub.transaction"]!
        for key in t.keys.sorted() {
            progress(String(format: "split %-30@ %8.3f s  %6.1f µs/record", key as NSString, t[key]!, t[key]! / Double(count) * 1e6))
        }
        let rate = Double(count) / pushWall
        let pullRate = Double(count) / pullWall
        return BenchResult(
            name: "split", value: rate, unit: "rows/s pushed", baseline: pullRate, baselineUnit: "rows/s pulled",
            ratio: rate / pullRate, goal: "", goalMet: nil, details: t.mapValues { $0 / Double(count) * 1e6 },
            notes: "[µs per record in details; \(Format.grouped(Int64(count))) records]")
    }
}
