import Foundation
import Testing
import HalamjCompression
import HalamjTestSupport
@testable import HubServer
import SyncModel
import HalamjHTTP

/// gzip on the sync routes, negotiated (issue 14).
@Suite struct SyncBodyEncodingTests: OneOfficeHubTesting {
    let hub: OneOfficeHub

    init() throws { hub = try OneOfficeHub() }

    var cases: [Record] { (1...40).map { record(String(format: "4305-2026-%06d", $0), office: "soum-4305", counter: UInt64($0)) } }

    @Test func aGzipPush_IsMerged_AndTheAnswerSaysTheHubTakesGzip() throws {
        let json = Array(try pushBody(cases, latest: 40))
        let packed = Gzip.compress(json)
        let answer = try router.handle(request("POST", "/v1/sync/push", token: token, body: Data(packed),
                                               headers: [("Content-Encoding", "gzip")]))
        #expect(answer.headers.first { $0.0 == "Accept-Encoding" }?.1 == "gzip", "so a node knows it may compress")
        let results = try JSONDecoder().decode(PushResponse.self, from: Data(answer.body)).results
        #expect(results.count == 40 && results.allSatisfy { $0.outcome == .merged })
        // What the hub counts is what came over the wire.
        let office = try #require(try OfficeRegistry(store: store).office("soum-4305"))
        #expect(office.bytesIn == packed.count && packed.count * 4 < json.count, "\(packed.count) of \(json.count)")
    }

    @Test func aPullAnswer_IsCompressedOnlyForARequestThatTakesGzip() throws {
        _ = try router.handle(request("POST", "/v1/sync/push", token: token, body: try pushBody(cases, latest: 40)))
        let plain = try router.handle(request("GET", "/v1/sync/pull", token: token))
        #expect(!plain.headers.contains { $0.0 == "Content-Encoding" })
        let refused = try router.handle(request("GET", "/v1/sync/pull", token: token, headers: [("Accept-Encoding", "gzip;q=0, identity")]))
        #expect(!refused.headers.contains { $0.0 == "Content-Encoding" })
        let packed = try router.handle(request("GET", "/v1/sync/pull", token: token, headers: [("Accept-Encoding", "deflate, gzip")]))
        #expect(packed.headers.first { $0.0 == "Content-Encoding" }?.1 == "gzip")
        #expect(try Gzip.decompress(packed.body, maximumSize: 1 << 24) == plain.body)
        #expect(packed.body.count * 4 < plain.body.count, "\(packed.body.count) of \(plain.body.count)")
    }

    /// `HubConfiguration.compression` off (what the bench measures gzip against): nothing
    /// compressed and nothing said of gzip, while a compressed push is still taken.
    @Test func withCompressionOff_AnswersArePlain_AndPushAnswersDoNotOfferGzip() throws {
        let plainRouter = HubRouter(sync: SyncRoutes(store: store, compression: false), admin: AdminRoutes(store: store))
        let taking = [("Accept-Encoding", "gzip")]
        let pushed = try plainRouter.handle(request(
            "POST", "/v1/sync/push", token: token, body: Data(Gzip.compress(Array(try pushBody(cases, latest: 40)))),
            headers: taking + [("Content-Encoding", "gzip")]))
        #expect(!pushed.headers.contains { $0.0 == "Accept-Encoding" || $0.0 == "Content-Encoding" })
        #expect(try JSONDecoder().decode(PushResponse.self, from: Data(pushed.body)).results.count == 40)
        let pulled = try plainRouter.handle(request("GET", "/v1/sync/pull", token: token, headers: taking))
        #expect(!pulled.headers.contains { $0.0 == "Content-Encoding" })
        #expect(try JSONDecoder().decode(PullResponse.self, from: Data(pulled.body)).records.count == 40)
    }

    @Test func anUnknownOrDamagedEncoding_IsAClearError_AndStoresNothing() throws {
        let json = try pushBody(cases, latest: 40)
        let brotli = outcome(request("POST", "/v1/sync/push", token: token, body: json, headers: [("Content-Encoding", "br")]))
        #expect(brotli.status == 415 && brotli.code == "unsupported-encoding")
        var damaged = Gzip.compress(Array(json))
        damaged[damaged.count / 2] ^= 0xFF
        let broken = outcome(request("POST", "/v1/sync/push", token: token, body: Data(damaged), headers: [("Content-Encoding", "gzip")]))
        #expect(broken.status == 400 && broken.message?.contains("gzip") == true)
        let bomb = Gzip.compress([UInt8](repeating: 0x20, count: 80 << 20))
        #expect(outcome(request("POST", "/v1/sync/push", token: token, body: Data(bomb), headers: [("Content-Encoding", "gzip")])).status == 400)
        #expect(try store.read { try $0.records(collection: "cases") }.isEmpty)
    }
}
