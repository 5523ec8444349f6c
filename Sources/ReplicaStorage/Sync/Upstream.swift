import Foundation

/// Where a replica syncs to, and with which token.
public struct Upstream: Sendable, Equatable {
    public var url: URL
    public var token: String
    /// The office accepted sending its token over plain HTTP to another machine
    /// (`--insecure-http`, see `HubAddress`); without it such an address is refused.
    public var insecureHTTP: Bool
    /// The hub said it takes gzip-compressed request bodies.
    public var takesGzip: Bool
    /// A PEM file of the authorities an https:// hub's certificate is verified with instead
    /// of the system's (a district's private CA; `--ca-file`). Kept with the data, so that
    /// `sync`, `sync --watch` and the web app's "Sync now" all use it.
    public var caFile: String?
    /// The hub's public key (`--pin`: `sha256//<base64>`, several joined by `;`, or a PEM/DER
    /// file): a certificate with another key is refused even if its CA is trusted.
    public var pinnedPublicKey: String?
    /// The HTTP proxy the office reaches the internet through (`--proxy`, e.g.
    /// `http://10.0.0.1:3128`); without it, libcurl's `https_proxy`/`http_proxy`/`no_proxy`.
    public var proxy: String?

    public init(
        url: URL, token: String, insecureHTTP: Bool = false, takesGzip: Bool = false,
        caFile: String? = nil, pinnedPublicKey: String? = nil, proxy: String? = nil
    ) {
        self.url = url
        self.token = token
        self.insecureHTTP = insecureHTTP
        self.takesGzip = takesGzip
        self.caFile = caFile
        self.pinnedPublicKey = pinnedPublicKey
        self.proxy = proxy
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
            return Upstream(url: url, token: token, insecureHTTP: try tx.meta(MetaKey.upstreamInsecureHTTP) == "1",
                            takesGzip: try tx.meta(MetaKey.upstreamTakesGzip) == "1",
                            caFile: try tx.meta(MetaKey.upstreamCAFile),
                            pinnedPublicKey: try tx.meta(MetaKey.upstreamPinnedPublicKey),
                            proxy: try tx.meta(MetaKey.upstreamProxy))
        }
    }

    public func setUpstream(_ upstream: Upstream) throws {
        try transaction { tx in
            // Another hub may not take gzip: it says so again at its first push answer.
            if try tx.meta(MetaKey.upstreamURL) != upstream.url.absoluteString {
                // What was learnt of the old address's hub and link says nothing of the new.
                try tx.setMeta(MetaKey.upstreamTakesGzip, nil)
                try tx.setMeta(MetaKey.linkBytesPerSecond, nil)
            }
            try tx.setMeta(MetaKey.upstreamURL, upstream.url.absoluteString)
            try tx.setMeta(MetaKey.upstreamToken, upstream.token)
            try tx.setMeta(MetaKey.upstreamInsecureHTTP, upstream.insecureHTTP ? "1" : nil)
            try tx.setMeta(MetaKey.upstreamCAFile, upstream.caFile)
            try tx.setMeta(MetaKey.upstreamPinnedPublicKey, upstream.pinnedPublicKey)
            try tx.setMeta(MetaKey.upstreamProxy, upstream.proxy)
        }
    }
}

extension ReplicaStore {
    /// Remembers that the hub takes gzip request bodies.
    package func noteUpstreamTakesGzip() throws {
        try transaction { try $0.setMeta(MetaKey.upstreamTakesGzip, "1") }
    }

    /// Keeps the rate a round moved bytes at (both ways, over its whole time) when it
    /// moved enough to say something of the link: what `sync --estimate` divides by.
    package func noteLinkRate(bytes: Int, seconds: Double) throws {
        guard bytes >= Self.linkMeasuredBytes, seconds > 0 else { return }
        try transaction { try $0.setMeta(MetaKey.linkBytesPerSecond, String(Int((Double(bytes) / seconds).rounded()))) }
    }

    /// Bytes a second the last round that moved enough managed, if any did.
    public func lastLinkRate() throws -> Int? {
        try read { tx in try tx.metaInt(MetaKey.linkBytesPerSecond).map(Int.init) }
    }

    /// A round smaller than this says more about round trips than about the link.
    static let linkMeasuredBytes = 32 * 1024
}
