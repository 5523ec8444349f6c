import Foundation

/// Where a replica syncs to, and with which token.
public struct Upstream: Sendable, Equatable {
    public var url: URL
    public var token: String
    /// The office accepted sending its token over plain HTTP to another machine
    /// (`--insecure-http`, see `HubAddress`); without it such an address is refused.
    public var insecureHTTP: Bool

    public init(url: URL, token: String, insecureHTTP: Bool = false) {
        self.url = url
        self.token = token
        self.insecureHTTP = insecureHTTP
    }

    /// Whether requests to this hub would send the token in clear without the
    /// office having accepted that.
    public var isRefusedPlainHTTP: Bool {
        HubAddress.transport(of: url) == .plainHTTP && !insecureHTTP
    }
}

extension ReplicaStore {
    public func upstream() throws -> Upstream? {
        try read { tx in
            guard let url = try tx.meta(MetaKey.upstreamURL).flatMap(URL.init(string:)),
                  let token = try tx.meta(MetaKey.upstreamToken) else { return nil }
            return Upstream(url: url, token: token, insecureHTTP: try tx.meta(MetaKey.upstreamInsecureHTTP) == "1")
        }
    }

    public func setUpstream(_ upstream: Upstream) throws {
        try transaction { tx in
            try tx.setMeta(MetaKey.upstreamURL, upstream.url.absoluteString)
            try tx.setMeta(MetaKey.upstreamToken, upstream.token)
            try tx.setMeta(MetaKey.upstreamInsecureHTTP, upstream.insecureHTTP ? "1" : nil)
        }
    }
}
