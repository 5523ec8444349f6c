import Foundation

/// Where a replica syncs to, and with which token.
public struct Upstream: Sendable, Equatable {
    public var url: URL
    public var token: String

    public init(url: URL, token: String) {
        self.url = url
        self.token = token
    }
}

extension ReplicaStore {
    public func upstream() throws -> Upstream? {
        try read { tx in
            guard let url = try tx.meta(MetaKey.upstreamURL).flatMap(URL.init(string:)),
                  let token = try tx.meta(MetaKey.upstreamToken) else { return nil }
            return Upstream(url: url, token: token)
        }
    }

    public func setUpstream(_ upstream: Upstream) throws {
        try transaction { tx in
            try tx.setMeta(MetaKey.upstreamURL, upstream.url.absoluteString)
            try tx.setMeta(MetaKey.upstreamToken, upstream.token)
        }
    }
}
