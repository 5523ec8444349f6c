import Foundation
import LocalNode
import SyncModel
import HalamjHTTP

/// Maps a request to its route: 404 for unknown paths, 405 for a known path with
/// the wrong method. Every request is counted and timed for `/metrics`.
public struct HubRouter: Sendable {
    public let sync: SyncRoutes
    public let admin: AdminRoutes

    public init(sync: SyncRoutes, admin: AdminRoutes) {
        self.sync = sync
        self.admin = admin
    }

    public func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        var status = 500
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            admin.requests.observe(route: Self.routeName(request.path), status: status, seconds: seconds)
        }
        do {
            let response = try route(request)
            status = response.status
            return response
        } catch let error as HTTPError {
            status = error.status
            throw error
        }
    }

    static func routeName(_ path: String) -> String {
        switch path {
        case SyncProtocol.pushPath: "push"
        case SyncProtocol.pullPath: "pull"
        case "/": "dashboard"
        case "/v1/status": "status"
        case "/metrics": "metrics"
        case _ where path.hasPrefix("/office/"): "office"
        default: "other"
        }
    }

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        switch request.path {
        case SyncProtocol.pushPath:
            try require("POST", request)
            return try sync.push(request)
        case SyncProtocol.pullPath:
            try require("GET", request)
            return try sync.pull(request)
        case "/":
            try require("GET", request)
            return try admin.dashboard(request)
        case "/v1/status":
            try require("GET", request)
            return try admin.statusJSON(request)
        case "/metrics":
            try require("GET", request)
            return try admin.metrics(request)
        case let path where path.hasPrefix("/office/"):
            try require("GET", request)
            return try admin.office(request, id: String(path.dropFirst("/office/".count)))
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
