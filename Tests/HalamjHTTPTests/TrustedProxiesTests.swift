import Testing
@testable import HalamjHTTP

/// Whose address a request carries: a trusted proxy's `X-Forwarded-For` names the client,
/// anyone else's is ignored, so a client cannot spoof its address.
@Suite struct TrustedProxiesTests {
    let nginx = try! TrustedProxies(["127.0.0.1", "10.0.0.0/8"])

    @Test func aSpoofedHeader_FromAPeerNotTrusted_IsIgnored() {
        let origin = nginx.origin(peer: "203.0.113.9", forwardedFor: ["198.51.100.7"])
        #expect(origin.client == "203.0.113.9" && origin.proxy == nil)
        #expect(TrustedProxies().origin(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"]).client == "127.0.0.1",
                "with no proxy named, the header counts for nothing")
    }

    @Test func aTrustedProxysHeader_NamesTheClient() {
        let origin = nginx.origin(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"])
        #expect(origin.client == "198.51.100.7" && origin.proxy == "127.0.0.1")
        #expect(nginx.origin(peer: "10.20.30.40", forwardedFor: ["198.51.100.7"]).client == "198.51.100.7", "a peer in 10.0.0.0/8")
        #expect(nginx.origin(peer: "127.0.0.1", forwardedFor: ["2001:DB8:0:0::7"]).client == "2001:db8::7", "an IPv6 client, as inet_ntop writes it")
    }

    @Test func aChain_IsReadFromTheRight_PastTrustedProxies() {
        // What the client wrote first, then each proxy's append: the right-most address no proxy
        // of ours vouches for is the client; what lies left of it is the client's own claim.
        #expect(nginx.origin(peer: "127.0.0.1", forwardedFor: ["192.0.2.66, 198.51.100.7, 10.1.1.1"]).client == "198.51.100.7")
        #expect(nginx.origin(peer: "127.0.0.1", forwardedFor: ["192.0.2.66", "198.51.100.7,10.1.1.1"]).client == "198.51.100.7",
                "several header fields are one list")
        #expect(nginx.origin(peer: "127.0.0.1", forwardedFor: ["10.9.9.9, 127.0.0.1"]).client == "10.9.9.9",
                "all trusted: the left-most, the first proxy's own client")
    }

    @Test func aMalformedOrEmptyHeader_FromATrustedProxy_IsThePeer() {
        for header in ["unknown", "198.51.100.7:4431", "198.51.100.7, hub43.example.mn", "300.1.1.1", "", " , "] {
            let origin = nginx.origin(peer: "127.0.0.1", forwardedFor: [header])
            #expect(origin.client == "127.0.0.1" && origin.proxy == nil, "\(header)")
        }
        #expect(nginx.origin(peer: "127.0.0.1", forwardedFor: []).client == "127.0.0.1")
    }

    @Test func ranges_AreAddressesOrCIDR_AndAnythingElseIsRefusedByName() throws {
        #expect(try TrustedProxies(["10.1.2.3/8"]).ranges.map(\.description) == ["10.0.0.0/8"])
        #expect(try TrustedProxies(["0.0.0.0/0"]).trusts("198.51.100.7"))
        #expect(try !TrustedProxies(["10.0.0.0/8"]).trusts("11.0.0.1"))
        #expect(try TrustedProxies(["192.168.1.0/24"]).trusts("192.168.1.254"))
        for text in ["localhost", "10.0.0.0/33", "10.0.0/8", "::1", "10.0.0.0/", "10.0.0.0/+8"] {
            #expect(throws: TrustedProxies.Invalid(text: text)) { try TrustedProxies([text]) }
        }
        #expect(TrustedProxies.Invalid(text: "x").description == "'x' is not an IPv4 address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)")
    }
}
