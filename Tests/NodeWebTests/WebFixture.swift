import Foundation
import HalamjHTTP
import HalamjTestSupport
import HubServer
import ReplicaStorage
import LocalNode
@testable import NodeWeb
import Synchronization
import SyncModel

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

/// One browser's worth of cookies.
final class WebClient {
    struct Page {
        let status: Int
        let headers: HTTPHeaders
        let text: String
        var location: String? { headers["Location"] }
        /// The CSRF token of the page's first form.
        var csrf: String? {
            guard let range = text.range(of: #"name="_csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
            return String(text[range].split(separator: "\"")[3])
        }
    }

    let port: UInt16
    var cookies: [String: String] = [:]
    var host: String

    init(port: UInt16) {
        self.port = port
        host = "127.0.0.1:\(port)"
    }

    func get(_ target: String) throws -> Page {
        try send("GET", target, body: nil)
    }

    func post(_ target: String, _ fields: [(String, String)], extraHeaders: [(String, String)] = []) throws -> Page {
        try send("POST", target, body: FormData.encode(fields), extraHeaders: extraHeaders)
    }

    /// Follows 303s with GET, at most five.
    func follow(_ page: Page) throws -> Page {
        var page = page
        for _ in 0..<5 {
            guard page.status == 303, let location = page.location else { return page }
            page = try get(String(location.split(separator: "#", maxSplits: 1)[0]))  // as browsers do: the fragment stays local
        }
        return page
    }

    func send(_ method: String, _ target: String, body: String?, extraHeaders: [(String, String)] = []) throws -> Page {
        let client = try TestHTTPClient(port: port)
        // As a browser sends it: bytes outside ASCII percent-encoded, the rest as written.
        let encodedTarget = target.utf8.map { $0 >= 0x80 || $0 == 0x20 ? String(format: "%%%02X", $0) : String(UnicodeScalar($0)) }.joined()
        var head = "\(method) \(encodedTarget) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        if !cookies.isEmpty {
            head += "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        }
        for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(bytes.count)\r\n"
        }
        try client.send(Array((head + "\r\n").utf8) + bytes)
        guard let response = try client.readResponse(timeout: .seconds(10)) else { throw TestTimeout() }
        for value in response.headers.values("Set-Cookie") {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
        }
        return Page(status: response.status, headers: response.headers, text: response.text)
    }

    /// Logs in through the form; returns the page after the redirect.
    @discardableResult
    func logIn(_ name: String = WebFixture.user, _ password: String = WebFixture.password) throws -> Page {
        let form = try get("/login")
        let answer = try post("/login", [("_csrf", form.csrf ?? ""), ("next", "/"), ("name", name), ("password", password)])
        return try follow(answer)
    }
}
