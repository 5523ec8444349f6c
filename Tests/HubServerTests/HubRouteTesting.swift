import Foundation
import HubServer
import ReplicaStorage
import SyncModel
import HalamjHTTP
import HalamjTestSupport

/// A hub on a temporary file with one office, soum-4305, and that office's token.
struct OneOfficeHub {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let token: String

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        router = HubRouter(sync: SyncRoutes(store: store), admin: AdminRoutes(store: store))
        token = try OfficeRegistry(store: store).add("soum-4305", now: 1)
    }
}

/// A suite on a `OneOfficeHub`: its store, router and token are the hub's.
protocol OneOfficeHubTesting: HubRouteTesting {
    var hub: OneOfficeHub { get }
}

extension OneOfficeHubTesting {
    var store: ReplicaStore { hub.store }
    var router: HubRouter { hub.router }
    var token: String { hub.token }
}

/// Requests to a hub's routes in process, without sockets, for the suites that test them.
protocol HubRouteTesting {
    var store: ReplicaStore { get }
    var router: HubRouter { get }
}

extension HubRouteTesting {
    func request(
        _ method: String, _ target: String, token: String? = nil, body: Data = Data(),
        headers extra: [(String, String)] = []
    ) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let token { headers.append(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extra { headers.append(name: name, value: value) }
        return HTTPRequest.inProcess(method, target, headers: headers, body: Array(body))
    }

    /// The status and error code a request gets, whether answered or thrown.
    func outcome(_ request: HTTPRequest) -> (status: Int, code: String?, message: String?) {
        do {
            let response = try router.handle(request)
            return (response.status, nil, nil)
        } catch let error as HTTPError {
            return (error.status, error.code, error.message)
        } catch {
            return (500, "\(error)", nil)
        }
    }

    func record(_ id: String, office: String, counter: UInt64 = 1) -> Record {
        var record = Record(collection: "cases", id: id, office: office)
        let replica = ReplicaID(office)!
        record.write(["name": "Бат"], dot: Dot(replica: replica, counter: counter),
                     hlc: HLCTimestamp(wallMillis: 1_000, logical: 0, replica: replica))
        return record
    }

    func pushBody(_ records: [Record], replica: String = "soum-4305", latest: UInt64 = 1) throws -> Data {
        try JSONEncoder().encode(PushRequest(
            replica: ReplicaID(replica)!, deliveredThrough: latest, latestCounter: latest,
            pendingCount: records.count, oldestPendingSeconds: 5, records: records))
    }
}
