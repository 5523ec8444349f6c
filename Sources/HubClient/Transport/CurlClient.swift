import Foundation
import CCurl

/// HTTP to the hub through libcurl's easy interface: one `curl_easy_perform` per request,
/// on a thread of its own (a blocking wait in `poll`, never a thread of Swift's
/// cooperative pool, and no CPU spent while the hub works), connections kept open
/// between requests (`CurlHandlePool`).
///
/// Why libcurl's easy interface: FoundationNetworking's URLSession (libcurl's multi
/// interface driven by libdispatch) kept a core busy while it waited for an answer to a
/// body over 64 KiB (~0.8 s of CPU a second), read a whole answer before its size could be
/// checked, and trapped on some answers that are not HTTP; the node's own socket client
/// that replaced it for `http://` hubs spoke no TLS and no proxy.
///
/// - Redirects are never followed (the request carries the office's token): a 3xx comes
///   back as the answer. Only http and https are spoken.
/// - Deadlines are on progress, not on the whole request (`SyncConfiguration`): a slow
///   link that moves is never cut, a stalled one is given up on.
/// - Every byte of the answer is treated as hostile: the body, counted after inflating,
///   is never larger than `maximumAnswerBytes`, whatever its head announces.
/// - TLS: the hub's certificate and name are always verified.
/// - Proxies: libcurl's environment variables (`http_proxy`, `https_proxy`, `no_proxy`)
///   unless `SyncConfiguration.proxy` names one.
struct CurlClient: Sendable {
    let configuration: SyncConfiguration
    private let handles = CurlHandlePool()

    init(configuration: SyncConfiguration) {
        self.configuration = configuration
    }

    struct Request: Sendable {
        var method: String
        var url: URL
        var headers: [(name: String, value: String)] = []
        var body: Data?
        /// Asks for a gzip-compressed answer (`Accept-Encoding: gzip`), which libcurl inflates.
        var asksForGzip = false
    }

    struct Response: Sendable {
        let status: Int
        /// Header names lower-cased.
        let headers: [String: String]
        let body: Data
        let wire: WireBytes
    }

    /// Sends `request` and returns the answer, whatever its status. `onTransfer` is
    /// called, on the transfer's thread, with the bytes moved so far as they move.
    /// Cancelling the task stops the transfer within about a second.
    func send(_ request: Request, onTransfer: (@Sendable (WireBytes) -> Void)? = nil) async throws -> Response {
        let cancellation = CurlCancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try perform(request, cancellation: cancellation, onTransfer: onTransfer) })
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Protocols spoken, to the hub and (were a redirect ever followed) beyond it.
    static let protocols = "http,https"
    // Every request on a connection of its own (`CURLOPT_FORBID_REUSE`), though that
    // costs a TCP handshake, a round trip, per request. Measured over the emulated link
    // (32 kbit/s through tbf with a 5 s queue, 1 s round trips, a 1,000-case backlog,
    // SlowLinkSyncTests): a connection kept open carries its congestion window, grown on
    // the batch before, into the next batch, which then floods the modem's queue at once:
    // 8–10 packets dropped, retransmission timeouts of seconds, 33.3 s and 60 % of the
    // link; a new connection per request starts slow and paces itself by its
    // acknowledgements: nothing dropped, 25.0 s and 82 %.

    // MARK: one transfer, blocking

    private func perform(
        _ request: Request, cancellation: CurlCancellation, onTransfer: (@Sendable (WireBytes) -> Void)?
    ) throws -> Response {
        if cancellation.isCancelled { throw CancellationError() }
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorText.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorText.deallocate() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        let handle = try handles.take()
        // Runs first of the three: the handle lets go of the buffers before they go.
        defer { handles.give(handle) }

        let transfer = CurlTransfer(
            handle: handle, limit: configuration.maximumAnswerBytes, cancellation: cancellation, onTransfer: onTransfer)
        let user = Unmanaged.passUnretained(transfer).toOpaque()
        try handle.set(CURLOPT_URL, request.url.absoluteString)
        try handle.set(CURLOPT_PROTOCOLS_STR, Self.protocols)
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, Self.protocols)
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        try handle.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorText))
        try handle.set(CURLOPT_FORBID_REUSE, 1)
        try setDeadlines(handle)
        try setTLS(handle)
        if let proxy = configuration.proxy { try handle.set(CURLOPT_PROXY, proxy) }
        if request.asksForGzip { try handle.set(CURLOPT_ACCEPT_ENCODING, "gzip") }
        // libcurl stops at an announced length past the limit before reading the body.
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, size: configuration.maximumAnswerBytes)

        try setCallbacks(handle, user)
        for line in Self.headerLines(request) {
            guard let appended = curl_slist_append(headerList, line) else {
                throw TransportFailure(.unreachable, "libcurl could not take the request headers")
            }
            headerList = appended
        }
        try handle.set(CURLOPT_HTTPHEADER, list: headerList)

        let code: CURLcode
        if let body = request.body {
            if request.method != "POST" { try handle.set(CURLOPT_CUSTOMREQUEST, request.method) }
            try handle.set(CURLOPT_POST, 1)
            try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, size: body.count)
            // Through the read callback, not CURLOPT_POSTFIELDS: libcurl 7.88 sends a body
            // under 64 KiB in the buffer of the head and counts it in CURLINFO_REQUEST_SIZE
            // as well as in the upload, which would count it twice on the wire.
            try handle.set(readFunction: CurlTransfer.readFunction)
            try handle.set(CURLOPT_READDATA, pointer: user)
            try handle.set(seekFunction: CurlTransfer.seekFunction)
            try handle.set(CURLOPT_SEEKDATA, pointer: user)
            code = body.withUnsafeBytes { bytes in
                transfer.upload = bytes
                defer { transfer.upload = UnsafeRawBufferPointer(start: nil, count: 0) }
                return withExtendedLifetime(transfer) { handle.perform() }
            }
        } else {
            if request.method != "GET" { try handle.set(CURLOPT_CUSTOMREQUEST, request.method) }
            try handle.set(CURLOPT_HTTPGET, 1)
            code = withExtendedLifetime(transfer) { handle.perform() }
        }
        guard code == CURLE_OK else {
            if code == CURLE_ABORTED_BY_CALLBACK, cancellation.isCancelled { throw CancellationError() }
            if let refusal = transfer.refusal { throw refusal }
            if code == CURLE_FILESIZE_EXCEEDED { throw TransportFailure.tooLarge(configuration.maximumAnswerBytes) }
            throw Self.failure(code, String(cString: errorText))
        }
        let status = handle.info(CURLINFO_RESPONSE_CODE)
        // Interim answers (1xx) are libcurl's to skip; a final one is 2xx to 5xx.
        guard (200...599).contains(status) else {
            throw TransportFailure(.malformed, "not an HTTP answer (status \(status))")
        }
        // libcurl inflates only what was asked for; a body in a coding not asked for is
        // never taken as plain.
        if !request.asksForGzip, let coding = transfer.headers["content-encoding"], coding.lowercased() != "identity" {
            throw TransportFailure(.malformed, "an answer in '\(coding.prefix(20))', which was not asked for")
        }
        return Response(status: status, headers: transfer.headers, body: transfer.body, wire: transfer.wire)
    }

    /// The request's headers, with no "Expect: 100-continue" (a round trip before every
    /// large push: a second on a satellite link), and no form Content-Type that the
    /// request did not ask for (an empty value removes what libcurl would add).
    static func headerLines(_ request: Request) -> [String] {
        var lines = request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"]
        if request.body != nil, !request.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            lines.append("Content-Type:")
        }
        return lines
    }

    /// The answer's body, headers and progress go to `user`, the transfer.
    private func setCallbacks(_ handle: CurlEasyHandle, _ user: UnsafeMutableRawPointer) throws {
        try handle.set(CURLOPT_WRITEFUNCTION, function: CurlTransfer.writeFunction)
        try handle.set(CURLOPT_WRITEDATA, pointer: user)
        try handle.set(CURLOPT_HEADERFUNCTION, function: CurlTransfer.headerFunction)
        try handle.set(CURLOPT_HEADERDATA, pointer: user)
        try handle.set(progressFunction: CurlTransfer.progressFunction)
        try handle.set(CURLOPT_XFERINFODATA, pointer: user)
        try handle.set(CURLOPT_NOPROGRESS, 0)
    }

    /// Deadlines on progress: the connection within `connectTimeout`; then the transfer
    /// is given up once it moves fewer than `minimumBytesPerSecond` for `requestTimeout`
    /// seconds in a row (a stalled link, a hub that stopped answering), and in any case
    /// after `transferLimit`.
    private func setDeadlines(_ handle: CurlEasyHandle) throws {
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        try handle.set(CURLOPT_LOW_SPEED_LIMIT, max(1, configuration.minimumBytesPerSecond))
        try handle.set(CURLOPT_LOW_SPEED_TIME, max(1, Int(configuration.requestTimeout.rounded(.up))))
        try handle.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.transferLimit))
    }

    private func setTLS(_ handle: CurlEasyHandle) throws {
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { try handle.set(CURLOPT_CAINFO, caFile) }
        if let key = configuration.pinnedPublicKey { try handle.set(CURLOPT_PINNEDPUBLICKEY, key) }
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        Int(min(Double(Int32.max), max(1, (seconds * 1000).rounded(.up))))
    }

    /// libcurl's result as one kind of failure, in one line (libcurl's own words, which
    /// name the host and what failed, never a header).
    static func failure(_ code: CURLcode, _ detail: String) -> TransportFailure {
        let text = SyncError.oneLine(detail.isEmpty ? CurlLibrary.text(code) : detail)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return TransportFailure(.unreachable, text)
        case CURLE_OPERATION_TIMEDOUT:
            return TransportFailure(.timedOut, text)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING:
            return TransportFailure(.cut, text)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_UNSUPPORTED_PROTOCOL, CURLE_WRITE_ERROR,
             CURLE_FILESIZE_EXCEEDED:
            return TransportFailure(.malformed, text)
        case CURLE_PEER_FAILED_VERIFICATION:
            return TransportFailure(.untrusted, "\(SyncError.untrustedPrefix)the hub's certificate was not accepted (\(text))")
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return TransportFailure(.untrusted, "\(SyncError.untrustedPrefix)the hub's public key is not the pinned one (\(text))")
        case CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_CERTPROBLEM:
            return TransportFailure(.untrusted, "\(SyncError.untrustedPrefix)a certificate file could not be read (\(text))")
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_USE_SSL_FAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_INITFAILED:
            return TransportFailure(.unreachable, "TLS: the secure connection failed (\(text))")
        default:
            return TransportFailure(.unreachable, text)
        }
    }
}
