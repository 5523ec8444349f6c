import Foundation
import SyncModel
import HalamjCompression
import ReplicaStorage
import HalamjHTTP

/// The HTTP conversation with one hub: requests with the bearer token and protocol
/// version, retried with exponential backoff and jitter on transport failures,
/// 429 and 503 (honouring `Retry-After`), one request at a time, through libcurl
/// (`CurlClient`). Redirects are never followed, and nothing is sent over plain HTTP to
/// another machine unless the office accepted it (`HubAddress`).
struct HubConnection: Sendable {
    let upstream: Upstream
    let configuration: SyncConfiguration
    let client: any HubTransport
    /// Request bodies go gzip-compressed once the hub has said it takes them.
    let gzip: GzipNegotiation

    init(upstream: Upstream, configuration: SyncConfiguration, transport: (any HubTransport)? = nil) {
        gzip = GzipNegotiation(hubTakesGzip: upstream.takesGzip)
        self.upstream = upstream
        // The trust the office keeps with its hub address, unless the caller set its own.
        var configuration = configuration
        configuration.caFile = configuration.caFile ?? upstream.caFile
        configuration.pinnedPublicKey = configuration.pinnedPublicKey ?? upstream.pinnedPublicKey
        configuration.proxy = configuration.proxy ?? upstream.proxy
        self.configuration = configuration
        client = transport ?? CurlClient(configuration: configuration)
    }

    func url(_ path: String, query: String? = nil) -> URL? {
        var base = upstream.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path + (query.map { "?" + $0 } ?? ""))
    }

    /// Sends one request and returns the body of a 2xx answer, with the bytes every
    /// answered attempt moved and the seconds until the answer. `onTransfer` is called
    /// with the bytes moved so far by the attempt under way, as they move.
    ///
    /// Which failures are retried here, and which end the request at once:
    /// - no connection, 429, 5xx: retried with backoff, then `unreachable` (exit 75);
    /// - a timeout, a cut connection or 408: the same, except for a `shrinkable` request
    ///   (a push batch of more than one record), which ends at once with `interrupted`
    ///   so that `SyncClient` sends half the batch instead of the same bytes again;
    /// - a broken answer (framing, size, not HTTP): `badAnswer` at once (exit 75): the
    ///   same proxy would answer the same way to a retry a second later;
    /// - another 4xx: `rejected` (exit 1), the hub's own refusal; 3xx: `redirected`;
    /// - a certificate or pinned key refused: `untrusted` at once (exit 1), nothing sent.
    func send(
        method: String, path: String, query: String? = nil, body: Data? = nil, contentType: String = "application/json",
        shrinkable: Bool = false, onTransfer: (@Sendable (WireBytes) -> Void)? = nil
    ) async throws -> HubAnswer {
        let started = ContinuousClock.now
        if upstream.isRefusedPlainHTTP {
            throw SyncError.plainHTTPRefused(url: upstream.url.absoluteString)
        }
        guard let url = url(path, query: query) else {
            throw SyncError.badAnswer("cannot form a URL from hub address \(upstream.url)")
        }
        var request = CurlClient.Request(method: method, url: url)
        request.headers = [
            ("Authorization", "Bearer \(upstream.token)"),
            (SyncProtocol.versionHeader, String(SyncProtocol.version)),
            ("Accept", "application/json"),
        ]
        if let plainBody = body {
            request.headers.append(("Content-Type", contentType))
            request.body = plainBody
            // Scans are compressed already (JPEG, PNG, PDF): only JSON is worth gzip.
            if contentType == "application/json", gzip.compressesRequests, plainBody.count >= Gzip.worthwhileBytes {
                request.body = Data(Gzip.compress(Array(plainBody)))
                request.headers.append(("Content-Encoding", "gzip"))
            }
        }
        var lastProblem = "no answer"
        var attempt = 0
        var throttled = 0
        var wire = WireBytes()
        while attempt < max(1, configuration.maxAttempts) {
            var retryAfter: Double?
            do {
                let answer = try await exchange(request, onTransfer: onTransfer)
                wire = wire + answer.wire
                let statusCode = answer.status
                if (200..<300).contains(statusCode) {
                    return HubAnswer(body: answer.body, wire: wire, seconds: (ContinuousClock.now - started).seconds)
                }
                if (300..<400).contains(statusCode) {
                    throw SyncError.redirected(location: answer.headers["location"] ?? "(no Location given, HTTP \(statusCode))")
                }
                let body = try? JSONDecoder().decode(ErrorBody.self, from: answer.body)
                let retryAfterHeader = answer.headers["retry-after"]
                if statusCode == 429, throttled < Self.maximumThrottledRetries {
                    // The hub asked us to slow down: wait as told, without using up a try.
                    throttled += 1
                    let wait = retryAfterHeader.flatMap(Double.init) ?? 1
                    try await Task.sleep(nanoseconds: UInt64(min(configuration.maxDelay, max(0, wait)) * 1e9))
                    continue
                }
                let problem = "HTTP \(statusCode)\(body.map { ": \($0.message)" } ?? "")"
                // 408: the hub's deadline cut the request on a slow link; nothing was refused.
                if statusCode == 408, shrinkable { throw SyncError.interrupted(problem) }
                if statusCode == 408 || statusCode == 429 || (500..<600).contains(statusCode) {
                    lastProblem = problem
                    retryAfter = retryAfterHeader.flatMap(Double.init)
                } else {
                    throw SyncError.rejected(
                        status: statusCode, error: body?.error ?? "http-\(statusCode)",
                        message: body?.message ?? String(decoding: answer.body.prefix(200), as: UTF8.self))
                }
            } catch let error as SyncError {
                throw error
            } catch let failure as TransportFailure {
                switch failure.kind {
                case .malformed: throw SyncError.badAnswer(failure.description)
                case .untrusted: throw SyncError.untrusted(failure.description)
                case .timedOut, .cut:
                    if shrinkable { throw SyncError.interrupted(failure.description) }
                    lastProblem = failure.description
                case .unreachable: lastProblem = failure.description
                }
            }
            if attempt + 1 < configuration.maxAttempts {
                try await Task.sleep(nanoseconds: UInt64(delay(attempt: attempt, retryAfter: retryAfter) * 1e9))
            }
            attempt += 1
        }
        throw SyncError.unreachable(lastProblem)
    }

    /// One request and its answer, whatever the status; what it says about the link and
    /// the hub is noted for the next requests.
    private func exchange(
        _ request: CurlClient.Request, onTransfer: (@Sendable (WireBytes) -> Void)?
    ) async throws -> CurlClient.Response {
        var request = request
        request.asksForGzip = gzip.linkIsSlow
        let started = ContinuousClock.now
        let answer = try await client.send(request, onTransfer: onTransfer)
        gzip.measured(bytes: answer.wire.sent + answer.wire.received, seconds: (ContinuousClock.now - started).seconds)
        gzip.learn(fromAcceptEncoding: answer.headers["accept-encoding"])
        return answer
    }

    /// How many 429 answers one request waits out before it gives up.
    static let maximumThrottledRetries = 30

    /// Exponential backoff with full jitter, or what the hub asked for.
    func delay(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(configuration.maxDelay, max(0, retryAfter)) }
        let ceiling = min(configuration.maxDelay, configuration.baseDelay * pow(2, Double(attempt)))
        return Double.random(in: (ceiling / 2)...ceiling)
    }
}
