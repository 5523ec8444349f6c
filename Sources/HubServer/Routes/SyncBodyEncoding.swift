import HalamjCompression
import HalamjHTTP

/// gzip on the sync routes (issue 14: JSON records shrink about tenfold, which on a
/// 32 kbit/s link is most of a sync's time). Negotiated both ways, so that nodes and
/// hubs of earlier releases keep working: an answer is compressed only for a request
/// that says `Accept-Encoding: gzip`; a request body only when the node has seen this
/// hub say it takes gzip (`Accept-Encoding: gzip` on its push answers, RFC 7694).
enum SyncBodyEncoding {
    /// What a compressed request may inflate to: the most a push can hold uncompressed.
    static let maximumInflated = 64 * 1024 * 1024

    /// The request's body as JSON bytes.
    static func body(of request: HTTPRequest) throws -> [UInt8] {
        let coding = (request.headers["Content-Encoding"] ?? "identity").trimmingCharacters(in: .whitespaces).lowercased()
        switch coding {
        case "identity", "":
            return request.body
        case "gzip", "x-gzip":
            do {
                return try Gzip.decompress(request.body, maximumSize: maximumInflated)
            } catch {
                throw HTTPError(400, "malformed", "the gzip-compressed body could not be read: \(error)")
            }
        default:
            throw HTTPError(415, "unsupported-encoding", "this hub takes request bodies as gzip or uncompressed, not '\(coding)'",
                            headers: [("Accept-Encoding", "gzip")])
        }
    }

    /// A JSON answer, compressed when `compressing`, the request takes gzip and it is worth
    /// it. Push answers say that this hub takes gzip bodies (a node pushes before it pulls;
    /// the idle pull's answer stays as small as it was). No `Vary`: answers to requests
    /// with a token are not stored by shared caches.
    static func answer(
        _ body: [UInt8], to request: HTTPRequest, compressing: Bool = true, sayingGzipIsTaken: Bool = false
    ) -> HTTPResponse {
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if sayingGzipIsTaken { headers.append(("Accept-Encoding", "gzip")) }
        guard compressing, body.count >= Gzip.worthwhileBytes, acceptsGzip(request) else {
            return HTTPResponse(status: 200, headers: headers, body: body)
        }
        headers.append(("Content-Encoding", "gzip"))
        return HTTPResponse(status: 200, headers: headers, body: Gzip.compress(body))
    }

    /// Whether `Accept-Encoding` lists gzip with a weight above zero.
    static func acceptsGzip(_ request: HTTPRequest) -> Bool {
        for value in request.headers.values("Accept-Encoding") {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
                let zero = parts.dropFirst().contains { $0.hasPrefix("q=") && (Double($0.dropFirst(2)) ?? 1) == 0 }
                if !zero { return true }
            }
        }
        return false
    }
}
