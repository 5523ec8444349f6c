import Foundation
import HalamjHTTP
@testable import HubClient

/// A simulation that carries replica `r`'s requests to a hub's router in process, perhaps
/// with a fault (`StoreSimulation`, `ThreeLevelSimulation`).
protocol RequestCarrier: AnyObject, Sendable {
    func carry(_ request: CurlClient.Request, from r: Int) throws -> CurlClient.Response
}

/// A replica's requests to its hub, carried in process by its simulation.
struct InProcessTransport: HubTransport {
    /// Unowned: the simulation holds the clients that hold this transport; a strong
    /// reference kept every seed's stores and temporary directory alive to the end.
    unowned let simulation: any RequestCarrier
    let r: Int

    func send(_ request: CurlClient.Request, onTransfer: (@Sendable (WireBytes) -> Void)?) async throws -> CurlClient.Response {
        try simulation.carry(request, from: r)
    }

    /// The request as the hub's server hands it to the router.
    static func httpRequest(_ request: CurlClient.Request) -> HTTPRequest {
        var target = request.url.path
        if let query = request.url.query { target += "?" + query }
        var headers = HTTPHeaders()
        for (name, value) in request.headers { headers.append(name: name, value: value) }
        return HTTPRequest.inProcess(request.method, target, headers: headers, body: request.body.map { Array($0) } ?? [])
    }

    /// The router's answer as libcurl hands it to the client.
    static func curlResponse(_ response: HTTPResponse, sent: Int) -> CurlClient.Response {
        var headers: [String: String] = [:]
        for (name, value) in response.headers { headers[name.lowercased()] = value }
        return CurlClient.Response(
            status: response.status, headers: headers, body: Data(response.body),
            wire: WireBytes(sent: sent, received: response.body.count))
    }
}
