import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import HubServer
import ReplicaStorage
import CaseBooks
import HubClient
import SyncModel
@_exported import HalamjTestSupport

/// A real hub on 127.0.0.1, port 0, stopped by the test.
final class TestHub: Sendable {
    let store: ReplicaStore
    let hub: Hub
    let port: UInt16

    init(store: ReplicaStore, configure: (inout HubConfiguration) -> Void = { _ in }) throws {
        self.store = store
        var configuration = HubConfiguration()
        configuration.port = 0
        configure(&configuration)
        hub = Hub(store: store, configuration: configuration)
        port = try hub.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func stop() { hub.stop() }

    func cases(office: String? = nil) throws -> [CaseView] {
        try CaseBook(store: store).list(office: office)
    }
}

/// A soum node: its store, cases and a sync client that gives up fast.
struct TestNode {
    let store: ReplicaStore
    var book: CaseBook { CaseBook(store: store) }

    init(store: ReplicaStore) {
        self.store = store
    }

    init(directory: TemporaryDirectory, office: String, hub: URL, token: String) throws {
        store = try ReplicaStore.create(
            path: directory.path("\(office).db"), replica: ReplicaID(office)!, role: .node, office: office)
        try store.setUpstream(Upstream(url: hub, token: token))
    }

    func sync(batchSize: Int = SyncProtocol.defaultBatchSize) async throws -> SyncReport {
        var configuration = SyncConfiguration()
        configuration.maxAttempts = 2
        configuration.baseDelay = 0.01
        configuration.requestTimeout = 10
        configuration.batchSize = batchSize
        return try await SyncClient(store: store, upstream: try store.upstream()!, configuration: configuration).syncRound()
    }

    func open(_ name: String, _ fields: [String: String] = [:]) throws -> CaseView {
        try book.open(service: .childCareAllowance, registerNumber: try RegisterNumber.parse("УБ99031212"), name: name, fields: fields)
    }
}

/// One raw HTTP exchange with the hub, for what a node would never send.
func exchange(
    _ url: URL, method: String, token: String?, body: Data? = nil
) async throws -> (status: Int, body: Data) {
    var request = URLRequest(url: url)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    request.httpBody = body
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as! HTTPURLResponse).statusCode, data)
}
