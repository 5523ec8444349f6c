import Testing
@testable import HubClient

/// When a node compresses (issue 14): only for a hub that said it takes gzip, and only
/// while the link is not measured fast (on a LAN compressing costs more than it saves).
@Suite struct GzipNegotiationTests {
    @Test func compressesForAHubThatTakesGzip_UntilTheLinkIsMeasuredFast() {
        let gzip = GzipNegotiation(hubTakesGzip: false)
        #expect(!gzip.compressesRequests, "a hub of an earlier release never gets gzip")
        #expect(gzip.linkIsSlow, "an unmeasured link is taken to be slow: answers are asked compressed")
        gzip.learn(fromAcceptEncoding: "identity")
        #expect(!gzip.compressesRequests)
        gzip.learn(fromAcceptEncoding: "deflate, GZIP;q=1")
        #expect(gzip.compressesRequests)
        gzip.measured(bytes: 1_000, seconds: 0.0001)
        #expect(gzip.compressesRequests, "a small exchange says nothing of the link")
        gzip.measured(bytes: 1_000_000, seconds: 0.05)
        #expect(!gzip.compressesRequests && !gzip.linkIsSlow, "20 MB/s: a LAN")
        gzip.measured(bytes: 100_000, seconds: 25)
        #expect(gzip.compressesRequests && gzip.linkIsSlow, "4 KB/s: 32 kbit/s")
    }
}
