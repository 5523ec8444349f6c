// libFuzzer harness for push bodies: JSON decoding of PushRequest (Record's custom Decodable), then
// the whole push handler (HubRouter with SyncRoutes) on a real hub database in a temporary folder.
// Two modes by the input's first byte: `{` is a raw body; anything else steers structural
// mutations of a seed body (see `body(of:)`).
// Not a SwiftPM target: `bash scripts/fuzz.sh push 60` builds it with -sanitize=fuzzer,address.
// Every outcome must be a 2xx or an HTTPError with a 4xx status; anything else calls fatalError,
// which libFuzzer reports as a crash and saves as crash-*.
import Foundation
import HalamjHTTP
import HubServer
import ReplicaStorage
import SyncModel

private let officeID = "soum-4305"
private let token = "soum-4305." + String(repeating: "0123456789abcdef", count: 4)
/// The hub database is made anew every this many inputs, so its state stays young.
private let hubLifetime = 5_000

private final class FuzzHub {
    let folder: URL
    let store: ReplicaStore
    let router: HubRouter
    var used = 0

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("halamj-libfuzzer-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Hub.create(path: folder.appendingPathComponent("hub.db").path, id: ReplicaID("hub-43")!)
        let base: Int64 = 1_795_608_000_000
        router = HubRouter(sync: SyncRoutes(store: store, now: { base }), admin: AdminRoutes(store: store, now: { base }))
        let registry = OfficeRegistry(store: store)
        _ = try registry.add(officeID, now: 1)
        _ = try registry.add("soum-4306", now: 1)
        try store.transaction { tx in
            try tx.database.execute("UPDATE offices SET token_hash = ? WHERE id = ?", [.text(OfficeToken.hash(token)), .text(officeID)])
        }
        // The hub's own writes, as in the seeds (Fuzz/seeds/push), which carry them.
        try store.transaction { tx in
            for number in 1...4 {
                _ = try tx.write(
                    RecordKey(collection: "cases", id: "4305-2026-00000\(number)"), office: officeID,
                    changes: ["decision": "approved", "phone": "88001122", "doc_passport": "received", "status": "received"],
                    now: base - 60_000 + Int64(number))
            }
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

nonisolated(unsafe) private var hub: FuzzHub?
nonisolated(unsafe) private var hubFolder: URL?

private func currentHub() -> FuzzHub {
    if let current = hub, current.used < hubLifetime { return current }
    hub = nil
    do {
        let fresh = try FuzzHub()
        if hubFolder == nil { atexit { if let folder = hubFolder { try? FileManager.default.removeItem(at: folder) } } }
        hubFolder = fresh.folder
        hub = fresh
        return fresh
    } catch {
        fatalError("PushBodyFuzzer: cannot make a hub database: \(error)")
    }
}

/// The input's bytes as random choices: in structured mode libFuzzer's byte mutations become
/// structural edits of a seed body (Tests/FuzzTests/JSONMutator.swift, compiled in by fuzz.sh),
/// and its coverage guidance steers them. Once the bytes run out, a SplitMix64 sequence seeded by
/// the input's length continues: a constant (all zeros) would loop `Int.random(in:)`'s rejection
/// sampling forever.
private struct InputChoices: RandomNumberGenerator {
    var bytes: ArraySlice<UInt8>
    var state: UInt64

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        state = UInt64(bytes.count)
    }

    mutating func next() -> UInt64 {
        if bytes.count >= 8 {
            var value: UInt64 = 0
            for _ in 0..<8 { value = value << 8 | UInt64(bytes.popFirst()!) }
            return value
        }
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed bodies (Fuzz/seeds/push, or HALAMJ_FUZZ_SEEDS), parsed once.
private let seedTrees: [JSONValue] = {
    let folder = ProcessInfo.processInfo.environment["HALAMJ_FUZZ_SEEDS"] ?? "Fuzz/seeds/push"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    let trees = names.compactMap { FileManager.default.contents(atPath: folder + "/" + $0).flatMap { JSONValue.parse(Array($0)) } }
    if trees.isEmpty { fatalError("PushBodyFuzzer: no seed bodies in \(folder) (run from the repository's root)") }
    return trees
}()

private let structuralMutator = JSONMutator(
    strings: ["", "hub-43", "soum-4305", "soum-4306", "hub-", "cases", "events", "comments", "4305-2026-000001",
              "4305-2026-000001\u{0}x", "decision", "status", "doc_passport", "deleted", "deleted_seen", "received",
              "missing", "approved", "closed", "draft", "\u{0}", String(repeating: "a", count: 65)],
    keys: ["replica", "softwareVersion", "deliveredThrough", "latestCounter", "pendingCount", "oldestPendingSeconds",
           "records", "collection", "id", "office", "fields", "vector", "value", "counter", "wall", "logical", "hub-43"])

/// An input starting with `{` is a push body as it is (byte-level fuzzing of the JSON); any other
/// input picks a seed body with its first byte and steers structural mutations with the rest.
private func body(of input: [UInt8]) -> [UInt8] {
    guard let first = input.first, first != UInt8(ascii: "{") else { return input }
    var choices = InputChoices(bytes: input.dropFirst())
    var tree = structuralMutator.mutate(seedTrees[Int(first) % seedTrees.count], donors: seedTrees, rng: &choices)
    if first & 0x80 != 0 { tree = tree.withFreshRecordIDs(suffix: "-f\(choices.next() % 1_000_000)") }
    return tree.bytes(limit: 4 << 20) ?? input
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPushBody(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = body(of: Array(UnsafeBufferPointer(start: data, count: size)))

    // The decoder alone: a decoded batch survives an encode-decode round trip unchanged.
    if let push = try? JSONDecoder().decode(PushRequest.self, from: Data(body)) {
        guard let again = try? JSONDecoder().decode(PushRequest.self, from: JSONEncoder().encode(push)), again == push else {
            fatalError("PushBodyFuzzer: a decoded batch changes in an encode-decode round trip")
        }
    }

    // The handler.
    let hub = currentHub()
    hub.used += 1
    let request = HTTPRequest(
        method: "POST", target: "/v1/sync/push", path: "/v1/sync/push",
        headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "Halamj-Protocol": "1"], body: body)
    do {
        let response = try hub.router.handle(request)
        guard (200..<300).contains(response.status) else { fatalError("PushBodyFuzzer: push answered \(response.status)") }
        guard (try? JSONDecoder().decode(PushResponse.self, from: Data(response.body))) != nil else {
            fatalError("PushBodyFuzzer: a 200 whose body is not a PushResponse")
        }
    } catch let error as HTTPError {
        guard (400..<500).contains(error.status) else {
            fatalError("PushBodyFuzzer: push threw HTTPError \(error.status) \(error.code): \(error.message)")
        }
        if error.code == "replica-rewound" {
            // One input claimed a huge counter: forget it, or every later push is refused the same way.
            _ = try? hub.store.transaction { tx in
                try tx.database.execute("UPDATE offices SET latest_counter = 0 WHERE id = ?", [.text(officeID)])
            }
        }
    } catch {
        fatalError("PushBodyFuzzer: push threw \(type(of: error)) (the server answers 500): \(error)")
    }
    return 0
}
