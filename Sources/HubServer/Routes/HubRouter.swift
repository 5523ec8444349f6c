import Foundation
import SyncModel
import HalamjHTTP

/// Maps a request to its route: 404 for unknown paths, 405 for a known path with
/// the wrong method. Every answered request is counted and timed for `/metrics`.
public struct HubRouter: Sendable {
    public let sync: SyncRoutes
    public let admin: AdminRoutes
    /// Scans: announced, sent in pieces and fetched (`FileRoutes`).
    public let files: FileRoutes
    /// Every path under `/desk`: the district's desk, when the hub serves one.
    let desk: (@Sendable (HTTPRequest) -> HTTPResponse)?

    /// The hub's routes; `/office/<id>` carries the office's id.
    enum Route: Equatable {
        case push, pull, offices, dashboard, status, metrics
        case office(String)
        case fileAnnounce
        case filePiece(String), fileFetch(String)
        case desk
    }

    public init(
        sync: SyncRoutes, admin: AdminRoutes, files: FileRoutes? = nil, desk: (@Sendable (HTTPRequest) -> HTTPResponse)? = nil
    ) {
        self.sync = sync
        self.admin = admin
        self.files = files ?? FileRoutes(sync: sync)
        self.desk = desk
    }

    public func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        try counted(request.path, status: \.status) { try route(request) }
    }

    /// The hub's `HTTPServer.HeadCheck`: runs on a request's head before its body is read.
    /// An unknown path or wrong method, and a body sent without the route's credential
    /// (an office's token for sync, an administrator's for the views), are refused there,
    /// so that a caller without a token cannot make the hub read and hold its body.
    /// A body sent with one names its sender, so that one office (or administrator) holds
    /// at most its share of the body budget (`HubConfiguration.bodyShareBytes`).
    public func checkHead(_ head: HTTPRequestHead) throws -> String? {
        // A passed check is not counted: the request's handler will be.
        try counted(head.path, status: { _ in nil }) {
            let route = try resolve(method: head.method, path: head.path)
            // Without a body there is nothing to hold back; the route checks the credential as always.
            guard head.framing != .none else { return nil }
            switch route {
            case .push, .pull, .offices, .fileAnnounce, .filePiece, .fileFetch:
                return "office:" + (try sync.caller(head.headers).holder)
            case .dashboard, .status, .metrics, .office:
                return "admin:" + (try admin.authorize(head.headers))
            case .desk:
                // A login or a form: small (FormData's cap), checked by the desk's own gate.
                guard case .contentLength(let length) = head.framing, length <= Self.deskFormBytes else {
                    throw HTTPError(413, "too-large", "a form of the desk is at most \(Self.deskFormBytes) bytes")
                }
                return "desk"
            }
        }
    }

    /// Runs `work` and counts it for `/metrics` with the status of its result (not counted when
    /// `status` gives nil) or of the HTTPError it throws.
    private func counted<Result>(_ path: String, status: (Result) -> Int?, _ work: () throws -> Result) throws -> Result {
        let started = DispatchTime.now().uptimeNanoseconds
        var answered: Int? = 500
        defer {
            if let answered {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                admin.requests.observe(route: Self.routeName(path), status: answered, seconds: seconds)
            }
        }
        do {
            let result = try work()
            answered = status(result)
            return result
        } catch let error as HTTPError {
            answered = error.status
            throw error
        }
    }

    /// Where the district's desk's paths start (`HubDesk.DeskApp`).
    public static let deskRoot = "/desk"

    /// Whether `path` is one of the desk's.
    static func isDeskPath(_ path: String) -> Bool {
        path == deskRoot || path.hasPrefix(deskRoot + "/")
    }

    /// The largest body a desk request may send: a form.
    static let deskFormBytes = 64 * 1024

    static func routeName(_ path: String) -> String {
        switch path {
        case SyncProtocol.pushPath: "push"
        case SyncProtocol.pullPath: "pull"
        case SyncProtocol.officesPath: "offices"
        case _ where path.hasPrefix(SyncProtocol.filesPath + "/"): "files"
        case "/": "dashboard"
        case "/v1/status": "status"
        case "/metrics": "metrics"
        case _ where path.hasPrefix("/office/"): "office"
        case _ where isDeskPath(path): "desk"
        default: "other"
        }
    }

    /// The route for a method and path; 404 for an unknown path, 405 for the wrong method.
    func resolve(method: String, path: String) throws -> Route {
        if desk != nil, Self.isDeskPath(path) {
            guard method == "GET" || method == "POST" else {
                throw HTTPError(405, "method-not-allowed", "\(path) takes GET or POST, not \(method)", headers: [("Allow", "GET, POST")])
            }
            return .desk
        }
        let (route, allowed): (Route, String) = switch path {
        case SyncProtocol.pushPath: (.push, "POST")
        case SyncProtocol.pullPath: (.pull, "GET")
        case SyncProtocol.officesPath: (.offices, "POST")
        case "/": (.dashboard, "GET")
        case "/v1/status": (.status, "GET")
        case "/metrics": (.metrics, "GET")
        case let path where path.hasPrefix("/office/"): (.office(String(path.dropFirst("/office/".count))), "GET")
        case SyncProtocol.filesAnnouncePath: (.fileAnnounce, "POST")
        case let path where path.hasPrefix(SyncProtocol.filesPath + "/") && Scan.isHash(String(path.dropFirst(SyncProtocol.filesPath.count + 1))):
            try Self.fileRoute(String(path.dropFirst(SyncProtocol.filesPath.count + 1)), method: method)
        default: throw HTTPError(404, "not-found", "no such path: \(path)")
        }
        guard method == allowed else {
            throw HTTPError(405, "method-not-allowed", "\(path) takes \(allowed), not \(method)",
                            headers: [("Allow", allowed)])
        }
        return route
    }

    /// `/v1/files/<sha256>`: PUT sends pieces, GET fetches the file.
    private static func fileRoute(_ sha256: String, method: String) throws -> (Route, String) {
        switch method {
        case "PUT": (.filePiece(sha256), "PUT")
        case "GET": (.fileFetch(sha256), "GET")
        default: throw HTTPError(405, "method-not-allowed", "a file takes PUT or GET, not \(method)", headers: [("Allow", "GET, PUT")])
        }
    }

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        switch try resolve(method: request.method, path: request.path) {
        case .push: try sync.push(request)
        case .pull: try sync.pull(request)
        case .offices: try sync.offices(request)
        case .dashboard: try admin.dashboard(request)
        case .status: try admin.statusJSON(request)
        case .metrics: try admin.metrics(request)
        case .office(let id): try admin.office(request, id: id)
        case .fileAnnounce: try files.announce(request)
        case .filePiece(let sha): try files.receive(request, sha256: sha)
        case .fileFetch(let sha): try files.serve(request, sha256: sha)
        case .desk: desk!(request)
        }
    }
}
