import Foundation
import Testing
import HalamjTestSupport
@testable import HubServer
import ReplicaStorage
import SyncModel
import HalamjHTTP

/// Who may open the administrators' views, and what the hub does with tokens.
@Suite struct AdminRoutesTests {
    let directory = TemporaryDirectory()
    let store: ReplicaStore
    let router: HubRouter
    let officeToken: String
    let adminToken: String

    init() throws {
        store = try Hub.create(path: directory.path("hub.db"), id: ReplicaID("hub-43")!)
        router = HubRouter(sync: SyncRoutes(store: store), admin: AdminRoutes(store: store))
        officeToken = try OfficeRegistry(store: store).add("soum-4305", now: 1)
        adminToken = try AdminRegistry(store: store).add("ops", by: "test", now: 1)
    }

    func get(_ path: String, authorization: String?) -> (status: Int, headers: [(String, String)], body: String) {
        var headers = HTTPHeaders()
        if let authorization { headers.append(name: "Authorization", value: authorization) }
        do {
            let response = try router.handle(HTTPRequest(method: "GET", target: path, path: path, headers: headers))
            return (response.status, response.headers, String(decoding: response.body, as: UTF8.self))
        } catch let error as HTTPError {
            return (error.status, error.headers, error.message)
        } catch {
            return (500, [], "\(error)")
        }
    }

    @Test(arguments: ["/", "/v1/status", "/metrics", "/office/soum-4305"])
    func adminViews_Are401WithoutACredential_403WithAnOfficeToken_And200ForAnAdministrator(path: String) {
        let none = get(path, authorization: nil)
        #expect(none.status == 401)
        #expect(none.headers.contains { $0.0 == "WWW-Authenticate" && $0.1.hasPrefix("Basic") }, "a browser asks for the password")
        #expect(get(path, authorization: "Bearer \(officeToken)").status == 403)
        #expect(get(path, authorization: "Bearer admin.ops.\(String(repeating: "0", count: 64))").status == 401)
        #expect(get(path, authorization: "Bearer \(adminToken)").status == 200)
        let basic = Data("anyone:\(adminToken)".utf8).base64EncodedString()
        #expect(get(path, authorization: "Basic \(basic)").status == 200)
    }

    @Test func revokedOfficeToken_IsRefusedAtOnce_AndRotationIssuesANewOne() throws {
        let registry = OfficeRegistry(store: store)
        #expect(get("/v1/sync/pull", authorization: "Bearer \(officeToken)").status == 200)
        try registry.revoke("soum-4305", by: "ops", now: 2)
        #expect(get("/v1/sync/pull", authorization: "Bearer \(officeToken)").status == 401)
        let fresh = try registry.rotate("soum-4305", by: "ops", now: 3)
        #expect(get("/v1/sync/pull", authorization: "Bearer \(fresh)").status == 200)
        #expect(get("/v1/sync/pull", authorization: "Bearer \(officeToken)").status == 401, "the old token stays refused")
        #expect(throws: OfficeRegistry.RegistryError.unknown("soum-9999")) { try registry.revoke("soum-9999", by: "ops", now: 4) }
        let actions = try AuditLog(store: store).entries().map(\.action)
        #expect(actions == ["office rotate", "office revoke", "admin add", "office add"])
    }

    @Test func aRotatedAdministratorToken_IsRefusedAtOnce_TheNewOneWorks_AndRevokingRefusesThatToo() throws {
        let registry = AdminRegistry(store: store)
        #expect(get("/v1/status", authorization: "Bearer \(adminToken)").status == 200)
        let fresh = try registry.rotate("ops", by: "root", now: 2)
        #expect(fresh != adminToken && fresh.hasPrefix("admin.ops."))
        #expect(get("/v1/status", authorization: "Bearer \(adminToken)").status == 401)
        #expect(get("/v1/status", authorization: "Bearer \(fresh)").status == 200)
        try registry.revoke("ops", by: "root", now: 3)
        #expect(get("/v1/status", authorization: "Bearer \(fresh)").status == 401)
        #expect(get("/", authorization: "Basic " + Data("x:\(fresh)".utf8).base64EncodedString()).status == 401)
        #expect(throws: AdminRegistry.AdminError.unknown("nobody")) { try registry.rotate("nobody", by: "root", now: 4) }
        #expect(throws: AdminRegistry.AdminError.unknown("nobody")) { try registry.revoke("nobody", by: "root", now: 4) }
        let admins = try registry.list()
        #expect(admins.map(\.name) == ["ops"])
        #expect(admins.first?.revokedAt == 3)
        let audit = try AuditLog(store: store).entries().prefix(2).map { "\($0.action) \($0.subject) by \($0.actor)" }
        #expect(audit == ["admin revoke ops by root", "admin rotate ops by root"])
    }

    @Test func anAdministratorsLastUse_IsRecorded_ToTheMinute() throws {
        let registry = AdminRegistry(store: store)
        #expect(try registry.list().first?.lastUsedAt == nil, "not used yet")
        #expect(get("/metrics", authorization: "Bearer \(adminToken)").status == 200)
        let first = try #require(try registry.list().first?.lastUsedAt)
        #expect(try registry.authenticate(token: adminToken, now: first + 1_000) == "ops")
        #expect(try registry.list().first?.lastUsedAt == first, "not written again within the minute")
        #expect(try registry.authenticate(token: adminToken, now: first + AdminRegistry.lastUseResolutionMillis) == "ops")
        #expect(try registry.list().first?.lastUsedAt == first + AdminRegistry.lastUseResolutionMillis)
    }

    @Test func anOfficeIdStartingWithHub_IsRefused_ForItWouldWriteWithAHubsAuthority() throws {
        #expect(throws: OfficeRegistry.RegistryError.hubID("hub-99")) {
            try OfficeRegistry(store: store).add("hub-99", now: 2)
        }
        #expect(try OfficeRegistry(store: store).office("hub-99") == nil)
    }

    @Test func auditLog_CannotBeEditedOrDeleted() throws {
        try AuditLog(store: store).append(actor: "ops", action: "decide approve", subject: "4305-2026-000001", now: 5)
        #expect(throws: DatabaseError.self) {
            try store.transaction { try $0.database.execute("UPDATE audit_log SET actor = 'someone else'") }
        }
        #expect(throws: DatabaseError.self) {
            try store.transaction { try $0.database.execute("DELETE FROM audit_log") }
        }
        #expect(try AuditLog(store: store).entries().first?.actor == "ops")
    }

    @Test func metrics_HaveOneSeriesPerOffice_AndRequestHistograms() {
        _ = get("/v1/sync/pull", authorization: "Bearer \(officeToken)")
        let text = get("/metrics", authorization: "Bearer \(adminToken)").body
        #expect(text.contains("halamj_office_silent{office=\"soum-4305\"} 0"))
        #expect(text.contains("# TYPE halamj_http_request_duration_seconds histogram"))
        #expect(text.contains("halamj_http_request_duration_seconds_count{route=\"pull\"} 1"))
        #expect(text.contains("halamj_http_requests_total{route=\"pull\",status=\"200\"} 1"))
        #expect(text.hasSuffix("\n"))
    }

    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: promtool != nil, "promtool (Debian's prometheus) is installed by scripts/test.sh"))
    func promtool_AcceptsTheMetrics() throws {
        _ = get("/v1/sync/pull", authorization: "Bearer \(officeToken)")
        _ = get("/nowhere", authorization: nil)
        let text = get("/metrics", authorization: "Bearer \(adminToken)").body
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.promtool!)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool: \(said)")
    }
}
