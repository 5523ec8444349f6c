import Foundation
import SyncModel

/// Not one of issue 8's six: the record codec alone, for the profile (`--only codec`).
/// Records a second decoded from their stored bytes by SyncModel's `RecordJSON`
/// against Foundation's JSONDecoder (Codable), and encoded by each.
enum CodecBench {
    static func run(_ folder: WorkFolder, quick: Bool) async throws -> BenchResult {
        let count = quick ? 5_000 : 20_000
        let records = (0..<count).map {
            CaseFactory.record(office: "soum-4305", index: $0, writer: ReplicaID("soum-4305")!, counter: UInt64($0 + 1),
                               hubCounter: $0 % 3 == 0 ? UInt64($0 / 3 + 1) : nil)
        }
        let storage = JSONEncoder()
        storage.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bodies = try records.map { Array(try storage.encode($0)) }
        let decoder = JSONDecoder()
        var checks = 0
        let codableDecode = try seconds {
            for body in bodies { checks += try decoder.decode(Record.self, from: Data(body)).fields.count }
        }
        // Best of five passes (the fast ones are short: noise would dominate one).
        var fastDecode = Double.infinity
        for _ in 0..<5 {
            fastDecode = min(fastDecode, try seconds {
                for body in bodies {
                    guard let record = RecordJSON.decode(body) else { throw BenchError("codec: RecordJSON did not take a record") }
                    checks += record.fields.count
                }
            })
        }
        let codableEncode = try seconds { for record in records { checks += try storage.encode(record).count } }
        var fastEncode = Double.infinity
        for _ in 0..<5 {
            fastEncode = min(fastEncode, seconds { for record in records { checks += RecordJSON.encode(record).count } })
        }
        guard checks > 0, zip(records, bodies).allSatisfy({ RecordJSON.encode($0) == $1 }) else { throw BenchError("codec: bytes differ") }
        // Stored bodies, passed on in a pull answer, are recognised as the records' own
        // bytes on arrival (so the receiver stores them without encoding again).
        let answer = PullResponse.json(hub: CaseFactory.hub, recordBodies: Array(bodies.prefix(500)), next: 1, more: false)
        guard let kept = answer.withUnsafeBytes({ PullResponse.decodeJSONKeepingBodies($0) }),
              kept.bodies.elementsEqual(bodies.prefix(500), by: { $0 == $1 }) else {
            throw BenchError("codec: the reader did not keep the bodies of a pull answer")
        }
        // A batch as a node of the previous version sends it (JSONEncoder, any key order,
        // escaped slashes): the hub's reader should take it too.
        let batch = PushRequest(replica: ReplicaID("soum-4305")!, deliveredThrough: 1, latestCounter: 2, pendingCount: 3,
                                oldestPendingSeconds: nil, records: Array(records.prefix(500)))
        let old = Array(try JSONEncoder().encode(batch))
        guard old.withUnsafeBytes({ PushRequest.decodeJSON($0) }) == batch else {
            throw BenchError("codec: the reader did not take a JSONEncoder batch: \(String(decoding: old.prefix(300), as: UTF8.self))")
        }
        let new = batch.json
        var oldSeconds = 0.0, newSeconds = 0.0
        for _ in 0..<5 {
            oldSeconds += seconds { checks += old.withUnsafeBytes { PushRequest.decodeJSON($0) }?.records.count ?? 0 }
            newSeconds += seconds { checks += new.withUnsafeBytes { PushRequest.decodeJSON($0) }?.records.count ?? 0 }
        }
        progress("codec: a 500-record batch read in \(Format.number(newSeconds / 5 * 1000)) ms (RecordJSON form), \(Format.number(oldSeconds / 5 * 1000)) ms (JSONEncoder form)")
        let n = Double(count)
        return BenchResult(
            name: "codec", value: n / fastDecode, unit: "records/s decoded (RecordJSON)", baseline: n / codableDecode,
            baselineUnit: "records/s (JSONDecoder)", ratio: codableDecode / fastDecode, goal: "", goalMet: nil,
            details: ["fastEncodePerSecond": n / fastEncode, "codableEncodePerSecond": n / codableEncode,
                      "bodyBytes": Double(bodies.reduce(0) { $0 + $1.count } / count)],
            notes: "[encode \(Format.number(n / fastEncode)) vs \(Format.number(n / codableEncode)) records/s (same bytes); \(bodies.reduce(0) { $0 + $1.count } / count) B each]")
    }
}
