import HalamjHTTP

extension HTTPRequest {
    /// A request as the server would hand it to a router, for tests that call routes
    /// in process: the target's query split into its pairs.
    public static func inProcess(
        _ method: String, _ target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) -> HTTPRequest {
        let parts = target.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                query[String(kv[0])] = kv.count == 2 ? String(kv[1]) : ""
            }
        }
        return HTTPRequest(method: method, target: target, path: String(parts[0]), query: query, headers: headers, body: body)
    }
}
