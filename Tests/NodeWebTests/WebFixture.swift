import Foundation
import HalamjHTTP
import HalamjTestSupport
import HubServer
import ReplicaStorage
import LocalNode
@testable import NodeWeb
import Synchronization
import SyncModel
import WebAccess

/// A soum node's web app served on 127.0.0.1 port 0 over a fresh database with one
/// user, and a cookie-keeping client that speaks raw HTTP/1.1 to it. Stopped by `stop()`.
final class WebFixture: @unchecked Sendable {
    static let office = "soum-4305"
    static let user = "dolgor"
    static let password = "Нууц-үг-2026"

    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let app: NodeWebApp
    let server: NodeWebServer
    let port: UInt16
    let clock = TestClock()
    var nowMillis: Int64 { clock.millis.withLock { $0 } }

    init(logger: Logger = .discarding) throws {
        store = try NodeStore.create(path: directory.path("node.db"), replica: ReplicaID(Self.office)!, office: Self.office)
        // Few iterations: the debug build's SHA-256 is slow, and the count is stored with the hash.
        try LocalUsers(store: store).add(Self.user, password: Self.password, iterations: 1_000, now: clock.millis.withLock { $0 })
        app = try NodeWebApp(store: store, logger: logger, clock: { [clock] in clock.millis.withLock { $0 } })
        server = NodeWebServer(app: app, host: "127.0.0.1", port: 0, logger: logger)
        port = try server.start()
    }

    func stop() { server.stop() }

    func advance(days: Int) { clock.millis.withLock { $0 += Int64(days) * 86_400_000 } }

    var base: String { "http://127.0.0.1:\(port)" }
}

/// A hub on 127.0.0.1:0 in this process with the fixture's office registered, and the
/// node's upstream pointed at it. Stopped by `stop()`.
final class HubBeside: @unchecked Sendable {
    let store: ReplicaStore
    let hub: Hub

    init(_ web: WebFixture) throws {
        store = try Hub.create(path: web.directory.path("hub.db"), id: ReplicaID("hub-43")!)
        let token = try OfficeRegistry(store: store).add(WebFixture.office, now: Clock.nowMillis())
        var configuration = HubConfiguration()
        configuration.port = 0
        hub = Hub(store: store, configuration: configuration)
        let port = try hub.start()
        try web.store.setUpstream(Upstream(url: URL(string: "http://127.0.0.1:\(port)")!, token: token))
    }

    func stop() { hub.stop() }
}

/// The app's clock, moved by tests: 2026-11-25 10:00 UTC to begin with.
final class TestClock: Sendable {
    let millis = Mutex<Int64>(CivilDate(year: 2026, month: 11, day: 25)!.startMillis + 10 * 3_600_000)
}

extension WebClient {
    /// Logs in as the fixture's worker.
    @discardableResult
    func logIn() throws -> Page {
        try logIn(WebFixture.user, WebFixture.password)
    }
}
