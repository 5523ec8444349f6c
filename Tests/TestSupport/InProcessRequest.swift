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

extension HTTPResponse {
    /// What the server sends for `request` when `handle` answers it: the handler's response,
    /// or the response of the `HTTPError` it throws; any other error becomes a 500, as the
    /// server makes it. `serverError` names every 5xx, which a hub must never give.
    public static func answering(
        _ request: HTTPRequest, with handle: (HTTPRequest) throws -> HTTPResponse
    ) -> (response: HTTPResponse, serverError: String?) {
        do {
            let response = try handle(request)
            return (response, response.status >= 500 ? "\(request.path): \(response.status)" : nil)
        } catch let error as HTTPError {
            return (error.response, error.status >= 500 ? "\(request.path): \(error.status) \(error.message)" : nil)
        } catch {
            return (HTTPError.internalError.response, "\(request.path): \(error)")
        }
    }
}
