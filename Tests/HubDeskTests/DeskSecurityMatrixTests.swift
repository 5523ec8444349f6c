import CaseBooks
import Foundation
import HalamjTestSupport
import HubDesk
import HubServer
import ReplicaStorage
import SyncModel
import Testing
import WebAccess

/// Every desk route against every caller: no login, a form without its token, and each role.
/// A refused request answers 403 (or sends to the login) and changes nothing in the hub's file;
/// a role never sees a form it may not use.
@Suite(.serialized) struct DeskSecurityMatrixTests {
    static let root = DeskApp.root

    struct Route {
        let path: String
        let fields: [(String, String)]
        /// The roles the route is for.
        let roles: Set<DeskRole>
    }

    static let acting: Set<DeskRole> = [.officer, .admin]

    static func posts(_ number: String) -> [Route] {
        [
            Route(path: "/cases/\(number)/receive", fields: [], roles: acting),
            Route(path: "/cases/\(number)/decide", fields: [("decision", "approve"), ("decree", "X/1")], roles: acting),
            Route(path: "/cases/\(number)/pay", fields: [("period", "2026-11"), ("amount", "1")], roles: acting),
            Route(path: "/cases/\(number)/place", fields: [("facility", "Төв")], roles: acting),
            Route(path: "/cases/\(number)/discharge", fields: [("way", "death")], roles: acting),
            Route(path: "/cases/\(number)/answer", fields: [("level", "1"), ("text", "Хариу")], roles: acting),
            Route(path: "/cases/\(number)/comment", fields: [("text", "Тайлбар")], roles: Set(DeskRole.allCases)),
            Route(path: "/conflicts/c-000/resolve", fields: [("keep", "winner")], roles: acting),
            Route(path: "/admin/users", fields: [("name", "intruder"), ("role", "admin"), ("password", "intruder-42"), ("password2", "intruder-42")], roles: [.admin]),
            Route(path: "/admin/users/role", fields: [("name", "saraa"), ("role", "admin")], roles: [.admin]),
            Route(path: "/admin/users/password", fields: [("name", "saraa"), ("password", "taken-over-42"), ("password2", "taken-over-42")], roles: [.admin]),
            Route(path: "/admin/users/disable", fields: [("name", "saraa")], roles: [.admin]),
            Route(path: "/admin/offices", fields: [("office", "soum-4399")], roles: [.admin]),
            Route(path: "/admin/offices/rotate", fields: [("office", "soum-4305")], roles: [.admin]),
            Route(path: "/admin/offices/revoke", fields: [("office", "soum-4305"), ("confirm", "yes")], roles: [.admin]),
        ]
    }

    static let gets = ["/", "/applications", "/complaints", "/conflicts", "/duplicates", "/undelivered", "/reports", "/reports.csv",
                       "/reports/print", "/admin"]

    /// What the hub holds that a request could change: the records, the audit log, the users,
    /// the offices' tokens, the comments.
    static func snapshot(_ store: ReplicaStore) throws -> [String] {
        try store.read { tx in
            let db = tx.database
            return try db.query("SELECT collection || id || hex(body) FROM records ORDER BY collection, id") { $0.text(0) }
                + db.query("SELECT count(*) FROM audit_log") { String($0.int(0)) }
                + db.query("SELECT name || role || password_hash || disabled FROM desk_users ORDER BY name") { $0.text(0) }
                + db.query("SELECT id || token_hash || coalesce(revoked_at, '') FROM offices ORDER BY id") { $0.text(0) }
                + db.query("SELECT count(*) FROM desk_comments") { String($0.int(0)) }
        }
    }

    static let people: [(DeskRole, (name: String, password: String))] = [
        (.reviewer, DeskFixture.reviewer), (.officer, DeskFixture.officer), (.admin, DeskFixture.admin),
    ]

    @Test func withoutALogin_EveryPageSendsToTheLogin_AndEveryFormChangesNothing() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        let before = try Self.snapshot(desk.hubStore)
        let stranger = desk.browser()
        for path in Self.gets + ["/cases/\(number)"] {
            let page = try stranger.get(Self.root + path)
            #expect(page.status == 303 && page.location?.hasPrefix(Self.root + "/login") == true, "\(path)")
            #expect(!page.text.contains("Цэцэг"))
        }
        let form = try stranger.get(Self.root + "/login")
        for route in Self.posts(number) {
            let answer = try stranger.post(Self.root + route.path, [("_csrf", form.csrf ?? "")] + route.fields)
            #expect(answer.status == 403 || (answer.status == 303 && answer.location?.contains("/login") == true), "\(route.path): \(answer.status)")
        }
        #expect(try Self.snapshot(desk.hubStore) == before)
    }

    @Test func aFormWithoutItsToken_OrWithAWrongOne_ChangesNothing_ForAnyRole() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        let before = try Self.snapshot(desk.hubStore)
        for (role, person) in Self.people {
            let browser = desk.browser()
            try browser.logIn(person.name, person.password, root: Self.root)
            for route in Self.posts(number) {
                for token in [nil, "0000", String(repeating: "a", count: 64)] {
                    let answer = try browser.post(Self.root + route.path, (token.map { [("_csrf", $0)] } ?? []) + route.fields)
                    #expect(answer.status == 403, "\(role) \(route.path) token \(token ?? "none"): \(answer.status)")
                }
            }
        }
        #expect(try Self.snapshot(desk.hubStore) == before)
    }

    @Test func theRoleMatrix_EachRoleIsRefusedWhatIsNotItsOwn_AndSeesNoFormForIt() async throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let number = try desk.submittedAtSoum(.elderlyAgeGift, name: "Цэцэг", rd: "УБ40020212")
        try await desk.sync()
        let before = try Self.snapshot(desk.hubStore)
        var browsers: [DeskRole: (WebClient, String)] = [:]
        for (role, person) in Self.people {
            let browser = desk.browser()
            let home = try browser.logIn(person.name, person.password, root: Self.root)
            browsers[role] = (browser, home.csrf ?? "")
            for path in Self.gets + ["/cases/\(number)"] {
                let page = try browser.get(Self.root + path)
                let expected = path == "/admin" && role != .admin ? 403 : 200
                #expect(page.status == expected, "\(role) GET \(path): \(page.status)")
                guard page.status == 200 else { continue }
                // No form for a route the role may not use.
                for route in Self.posts(number) where !route.roles.contains(role) {
                    let action = String(route.path.split(separator: "/").last!)
                    #expect(!page.text.contains("action=\"\(Self.root)\(route.path)\""), "\(role) sees \(route.path) on \(path)")
                    if route.path.hasPrefix("/cases/") {
                        #expect(!page.text.contains("/\(action)\""), "\(role) sees a /\(action) form on \(path)")
                    }
                }
            }
            for route in Self.posts(number) where !route.roles.contains(role) {
                let answer = try browser.post(Self.root + route.path, [("_csrf", browsers[role]!.1)] + route.fields)
                #expect(answer.status == 403, "\(role) POST \(route.path): \(answer.status)")
            }
        }
        #expect(try Self.snapshot(desk.hubStore) == before, "nothing a refused role sent changed the hub")
        // Each route does answer the roles it is for (not 403): the matrix is not refusing everything.
        for route in Self.posts(number) {
            for role in route.roles.sorted() where !(route.path.hasPrefix("/admin/") && role != .admin) {
                let (browser, csrf) = browsers[role]!
                let answer = try browser.post(Self.root + route.path, [("_csrf", csrf)] + route.fields)
                #expect(answer.status != 403 && answer.status != 404, "\(role) POST \(route.path): \(answer.status)")
            }
        }
    }
}
