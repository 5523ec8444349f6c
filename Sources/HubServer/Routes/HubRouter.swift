import LocalNode
import SyncModel

/// Maps a request to its route: 404 for unknown paths, 405 for a known path with
/// the wrong method.
public struct HubRouter: Sendable {
    public let sync: SyncRoutes

    public init(sync: SyncRoutes) {
        self.sync = sync
    }

    public func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        switch request.path {
        case SyncProtocol.pushPath:
            try require("POST", request)
            return try sync.push(request)
        case SyncProtocol.pullPath:
            try require("GET", request)
            return try sync.pull(request)
        default:
            throw HTTPError(404, "not-found", "no such path: \(request.path)")
        }
    }

    private func require(_ method: String, _ request: HTTPRequest) throws {
        guard request.method == method else {
            throw HTTPError(405, "method-not-allowed", "\(request.path) takes \(method), not \(request.method)",
                            headers: [("Allow", method)])
        }
    }
}
