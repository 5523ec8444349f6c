import Foundation
import Synchronization
import Testing
@testable import ReplicaStorage
@testable import HubClient
import SyncModel

/// Seeded fuzzing of the node's answer handling (issue 14, 2b), as the hub's request
/// handling is fuzzed (FuzzTests): a loopback stand-in for the hub answers push and pull
/// with mutated and hostile byte strings. Whatever comes back, the node does not crash,
/// the sync ends with one line, and its data is unchanged and still waiting to be sent.
/// HALAMJ_CLIENT_FUZZ_COUNT sets the number of answers (300 by default), and
/// HALAMJ_CLIENT_FUZZ_SEED the seed (printed on failure, to replay).
@Suite struct ClientAnswerFuzzTests {
    static let seeds: [String] = [
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 56\r\n\r\n{\"hub\":\"hub-43\",\"records\":[],\"next\":0,\"more\":false}xxxx",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 51\r\n\r\n{\"hub\":\"hub-43\",\"results\":[],\"deliveredThrough\":0}",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"hub\":\"hub-43\",\r\n15\r\n\"records\":[],\"next\":1\r\n0e\r\n,\"more\":false}\r\n0\r\n\r\n",
        "HTTP/1.1 408 Request Timeout\r\nContent-Length: 62\r\n\r\n{\"error\":\"request-timeout\",\"message\":\"the request took long\"}",
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>Log in to continue</body></html>",
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n",
    ]

    static let tokens: [String] = [
        "Content-Length: 999999999999999\r\n", "Content-Length: -1\r\n", "Content-Length: 18446744073709551616\r\n",
        "Content-Length: 1e3\r\n", "Content-Length: 5, 5\r\n", "Transfer-Encoding: chunked\r\n", "ffffffffffffffffff\r\n",
        "-1\r\n", "0\r\n\r\n", "\r\n", "\r\n\r\n", "HTTP/1.1 ", "HTTP/1.1 999 X", "HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 302 Found\r\nLocation: http://portal/\r\n", "<html>", "{", "}", "[", "\"", "null", "true", "1e309",
        "\"records\":", "\"results\":", "\"more\":true", "\"next\":18446744073709551615", "\u{0}", "\u{FF}",
    ]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: bytes.insert(contentsOf: Array(tokens.randomElement(using: &rng)!.utf8), at: at)
            case 1: if !bytes.isEmpty { bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng)) }
            case 2: bytes.removeSubrange(at..<bytes.count)  // cut short
            case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &rng)))
            case 4: bytes += [UInt8](repeating: bytes.last ?? 0x61, count: Int.random(in: 1...200_000, using: &rng))  // longer than said
            case 5: bytes = Array(seeds.randomElement(using: &rng)!.utf8)
            default: if at < bytes.count { bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 32)], at: at) }
            }
        }
        return bytes
    }

    @Test func hostileAnswersToPushAndPull_NeverCrash_AndLoseNothing() async throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["HALAMJ_CLIENT_FUZZ_COUNT"].flatMap(Int.init) ?? 300
        let seed = environment["HALAMJ_CLIENT_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let current = Mutex<[UInt8]>([])
        let server = try ScriptedAnswerServer { _ in current.withLock { $0 } }
        defer { server.stop() }
        let dir = TemporaryDirectory()
        let pushing = try TestNode(directory: dir, office: "soum-4305", hub: server.url, token: "soum-4305.secret")
        _ = try pushing.open("Бат", ["phone": "99112233"])
        _ = try pushing.open("Дорж", ["address": "3-р баг"])
        let pulling = try TestNode(directory: dir, office: "soum-4306", hub: server.url, token: "soum-4306.secret")
        let cases = try pushing.book.list(office: nil)
        var configuration = SyncConfiguration()
        configuration.maxAttempts = 1
        configuration.requestTimeout = 2
        configuration.maximumAnswerBytes = 150_000
        var rng = SplitMix64(seed: seed)
        var outcomes: [String: Int] = [:]
        let started = ContinuousClock.now
        for iteration in 0..<count where ContinuousClock.now - started < .seconds(120) {
            let answer = iteration < Self.seeds.count ? Array(Self.seeds[iteration].utf8) : Self.mutate(Array(Self.seeds[iteration % Self.seeds.count].utf8), &rng)
            current.withLock { $0 = answer }
            let node = iteration % 2 == 0 ? pushing : pulling
            let replay = "seed \(seed), iteration \(iteration) (HALAMJ_CLIENT_FUZZ_SEED=\(seed)); answer: \(String(decoding: answer.prefix(300), as: UTF8.self).debugDescription)"
            do {
                _ = try await SyncClient(store: node.store, upstream: try node.store.upstream()!, configuration: configuration).syncRound()
                outcomes["ok", default: 0] += 1
            } catch let error as SyncError {
                #expect(!error.description.contains("\n"), "one line: \(error); \(replay)")
                #expect(error.description.count < 600, "\(replay)")
                outcomes["\(error)".prefix(40).description, default: 0] += 1
            } catch {
                Issue.record("not a SyncError: \(error); \(replay)")
            }
            #expect(try pushing.store.nextOutboundPush(limit: 100, now: Clock.nowMillis())?.count == 2, "still dirty; \(replay)")
            #expect(try pushing.book.list(office: nil) == cases, "\(replay)")
            #expect(try pulling.book.list(office: nil).isEmpty, "\(replay)")
        }
        print("client answer fuzz: seed \(seed), \(outcomes.count) outcomes: \(outcomes.sorted { $0.value > $1.value }.prefix(8))")
    }
}
