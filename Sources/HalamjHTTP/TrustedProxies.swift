#if canImport(Glibc)
import Glibc
#endif

/// The proxies (nginx in front of the hub) whose `X-Forwarded-For` names the client. A
/// request from anyone else is its TCP peer's, whatever it claims: a client cannot spoof
/// its address. Empty by default, so the header is ignored unless proxies are named.
public struct TrustedProxies: Sendable, Equatable {
    public var ranges: [IPv4Range]

    /// A range that is neither an IPv4 address nor a CIDR range.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "'\(text)' is not an IPv4 address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)"
        }
    }

    public init(_ ranges: [IPv4Range] = []) {
        self.ranges = ranges
    }

    /// Each of `texts` an address or a range, as `--trusted-proxy` takes them.
    public init(_ texts: [String]) throws(Invalid) {
        var ranges: [IPv4Range] = []
        for text in texts {
            guard let range = IPv4Range(text) else { throw Invalid(text: text) }
            ranges.append(range)
        }
        self.init(ranges)
    }

    public func trusts(_ address: String) -> Bool {
        guard let address = IPv4Range.address(address) else { return false }
        return ranges.contains { $0.contains(address) }
    }

    /// Who sent a request that arrived from `peer` with these `X-Forwarded-For` values (every
    /// field of that name, in order): from a trusted proxy, the right-most address of the
    /// header that is not itself a trusted proxy (the left-most when all are), each proxy having
    /// appended the address it was reached from; otherwise, or when the header is missing or
    /// holds anything but IPv4 and IPv6 addresses, the peer. `proxy` is the peer when the
    /// header was taken.
    public func origin(peer: String, forwardedFor: [String]) -> (client: String, proxy: String?) {
        let elements = HTTPSyntax.listElements(forwardedFor)
        guard trusts(peer), !elements.isEmpty else { return (peer, nil) }
        var chain: [String] = []
        for element in elements {
            guard let address = Self.canonical(element) else { return (peer, nil) }
            chain.append(address)
        }
        return (chain.last { !trusts($0) } ?? chain[0], peer)
    }

    /// An IPv4 or IPv6 address as inet_ntop writes it; nil for anything else (a name, a port, "unknown").
    static func canonical(_ text: String) -> String? {
        if let address = IPv4Range.address(text) { return IPv4Range.text(address) }
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
