import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SyncModel
import HalamjCompression

/// The HTTP conversation with one hub: requests with the bearer token and protocol
/// version, retried with exponential backoff and jitter on transport failures,
/// 429 and 503 (honouring `Retry-After`), one request at a time. Redirects are never
/// followed (`RedirectRefusal`), and nothing is sent over plain HTTP to another machine
/// unless the office accepted it (`HubAddress`).
struct HubConnection: Sendable {
    let upstream: Upstream
    let configuration: SyncConfiguration
    let session: URLSession
    /// Every request to an `http://` hub. URLSession keeps a core busy while the hub
    /// works on a push batch, and FoundationNetworking traps ("Transfer completed, but
    /// there's no response") on some answers that are not HTTP, which anything between
    /// the node and an `http://` hub (a captive portal, a broken proxy) can send: found by
    /// ClientAnswerFuzzTests. Only `https://` hubs go through URLSession, where TLS keeps
    /// anything but the hub's own front from answering.
    let plain: PlainHTTPClient?
    /// Request bodies go gzip-compressed once the hub has said it takes them.
    let gzip: GzipNegotiation

    init(upstream: Upstream, configuration: SyncConfiguration) {
        gzip = GzipNegotiation(hubTakesGzip: upstream.takesGzip)
        self.upstream = upstream
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout
        sessionConfiguration.httpMaximumConnectionsPerHost = 2
        sessionConfiguration.urlCache = nil
        session = URLSession(configuration: sessionConfiguration, delegate: RedirectRefusal.shared, delegateQueue: nil)
        plain = PlainHTTPClient.handles(upstream.url)
            ? PlainHTTPClient(timeout: configuration.requestTimeout, maximumBodyBytes: configuration.maximumAnswerBytes) : nil
    }

    func url(_ path: String, query: String? = nil) -> URL? {
        var base = upstream.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + path + (query.map { "?" + $0 } ?? ""))
    }

    /// Sends one request and returns the body of a 2xx answer.
    ///
    /// Which failures are retried here, and which end the request at once:
    /// - no connection, 429, 5xx: retried with backoff, then `unreachable` (exit 75);
    /// - a timeout, a cut connection or 408: the same, except for a `shrinkable` request
    ///   (a push batch of more than one record), which ends at once with `interrupted`
    ///   so that `SyncClient` sends half the batch instead of the same bytes again;
    /// - a broken answer (framing, size, not HTTP): `badAnswer` at once (exit 75): the
    ///   same proxy would answer the same way to a retry a second later;
    /// - another 4xx: `rejected` (exit 1), the hub's own refusal; 3xx: `redirected`.
    func send(method: String, path: String, query: String? = nil, body: Data? = nil, shrinkable: Bool = false) async throws -> Data {
        if upstream.isRefusedPlainHTTP {
            throw SyncError.plainHTTPRefused(url: upstream.url.absoluteString)
        }
        guard let url = url(path, query: query) else {
            throw SyncError.badAnswer("cannot form a URL from hub address \(upstream.url)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(upstream.token)", forHTTPHeaderField: "Authorization")
        request.setValue(String(SyncProtocol.version), forHTTPHeaderField: SyncProtocol.versionHeader)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        var body = body
        if let plainBody = body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if gzip.compressesRequests, plainBody.count >= Gzip.worthwhileBytes {
                body = Data(Gzip.compress(Array(plainBody)))
                request.setValue("gzip", forHTTPHeaderField: "Content-Encoding")
            }
            request.httpBody = body
        }
        var lastProblem = "no answer"
        var attempt = 0
        var throttled = 0
        while attempt < max(1, configuration.maxAttempts) {
            var retryAfter: Double?
            do {
                let (statusCode, retryAfterHeader, location, data) = try await exchange(request, method: method, url: url, body: body)
                if (200..<300).contains(statusCode) { return data }
                if (300..<400).contains(statusCode) {
                    throw SyncError.redirected(location: location ?? "(no Location given, HTTP \(statusCode))")
                }
                let body = try? JSONDecoder().decode(ErrorBody.self, from: data)
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
                        message: body?.message ?? String(decoding: data.prefix(200), as: UTF8.self))
                }
            } catch let error as SyncError {
                throw error
            } catch {
                let failure = Self.failure(error)
                switch failure.kind {
                case .malformed: throw SyncError.badAnswer(failure.description)
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

    /// One request and its answer: the status, the Retry-After and Location headers, the body.
    private func exchange(
        _ request: URLRequest, method: String, url: URL, body: Data?
    ) async throws -> (status: Int, retryAfter: String?, location: String?, body: Data) {
        if let plain {
            // URLSession asks for and inflates gzip answers by itself; this client does here.
            let headers = (request.allHTTPHeaderFields ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                + (gzip.linkIsSlow ? [("Accept-Encoding", "gzip")] : [])
            let started = ContinuousClock.now
            let answer = try await plain.send(method, url, headers: headers, body: body)
            gzip.measured(bytes: (body?.count ?? 0) + answer.body.count, seconds: (ContinuousClock.now - started).seconds)
            gzip.learn(fromAcceptEncoding: answer.headers["accept-encoding"])
            var data = answer.body
            if let coding = answer.headers["content-encoding"]?.lowercased(), coding != "identity" {
                guard coding == "gzip" else { throw PlainHTTPClient.Failure(.malformed, "an answer in '\(coding.prefix(20))', not gzip") }
                do {
                    data = Data(try Gzip.decompress(Array(data), maximumSize: configuration.maximumAnswerBytes))
                } catch {
                    throw PlainHTTPClient.Failure(.malformed, "\(error)")
                }
            }
            return (answer.status, answer.headers["retry-after"], answer.headers["location"], data)
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw PlainHTTPClient.Failure(.malformed, "not an HTTP answer")
        }
        // URLSession has read the whole answer by now; the limit still holds for what is
        // handed on, and an announced length past it is refused however little came.
        let limit = configuration.maximumAnswerBytes
        if data.count > limit || http.expectedContentLength > Int64(limit) {
            throw PlainHTTPClient.Failure(.malformed, "answer larger than the limit of \(limit) bytes")
        }
        gzip.learn(fromAcceptEncoding: http.value(forHTTPHeaderField: "Accept-Encoding"))
        return (http.statusCode, http.value(forHTTPHeaderField: "Retry-After"), http.value(forHTTPHeaderField: "Location"), data)
    }

    /// How many 429 answers one request waits out before it gives up.
    static let maximumThrottledRetries = 30

    /// Exponential backoff with full jitter, or what the hub asked for.
    func delay(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(configuration.maxDelay, max(0, retryAfter)) }
        let ceiling = min(configuration.maxDelay, configuration.baseDelay * pow(2, Double(attempt)))
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    /// Any transport error, from either client, as one kind of failure with one line.
    static func failure(_ error: any Error) -> PlainHTTPClient.Failure {
        if let failure = error as? PlainHTTPClient.Failure { return failure }
        guard let urlError = error as? URLError else { return PlainHTTPClient.Failure(.unreachable, SyncError.oneLine("\(error)")) }
        switch urlError.code {
        case .cannotConnectToHost: return PlainHTTPClient.Failure(.unreachable, "connection refused")
        case .cannotFindHost, .dnsLookupFailed: return PlainHTTPClient.Failure(.unreachable, "unknown host")
        case .notConnectedToInternet: return PlainHTTPClient.Failure(.unreachable, "no network")
        case .timedOut: return PlainHTTPClient.Failure(.timedOut, "timed out")
        case .networkConnectionLost: return PlainHTTPClient.Failure(.cut, "connection lost")
        case .badServerResponse, .cannotParseResponse, .dataLengthExceedsMaximum, .cannotDecodeRawData, .cannotDecodeContentData,
             .zeroByteResource:
            return PlainHTTPClient.Failure(.malformed, SyncError.oneLine(urlError.localizedDescription))
        default: return PlainHTTPClient.Failure(.unreachable, SyncError.oneLine(urlError.localizedDescription))
        }
    }
}
