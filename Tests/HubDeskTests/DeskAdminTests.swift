import Foundation
import HalamjTestSupport
@testable import HubDesk
import HubServer
import ReplicaStorage
import SyncModel
import Testing
import WebAccess

/// `/desk/admin`: administrators manage the desk's users and the district's offices in the
/// browser; officers and reviewers neither see it nor reach it.
@Suite(.serialized) struct DeskAdminTests {
    static let root = DeskApp.root

    @Test func onlyAnAdministrator_SeesAndUsesTheAdministration() throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        for person in [DeskFixture.officer, DeskFixture.reviewer] {
            let browser = desk.browser()
            let home = try browser.logIn(person.name, person.password, root: Self.root)
            #expect(!home.text.contains("\(Self.root)/admin"), "\(person.name): no menu entry")
            #expect(try browser.get(Self.root + "/admin").status == 403)
            let crafted = try browser.post(Self.root + "/admin/users", [("_csrf", home.csrf ?? ""), ("name", "intruder"), ("role", "admin"),
                                                                        ("password", "intruder-pass"), ("password2", "intruder-pass")])
            #expect(crafted.status == 403)
            let office = try browser.post(Self.root + "/admin/offices", [("_csrf", home.csrf ?? ""), ("office", "soum-9999")])
            #expect(office.status == 403)
        }
        #expect(try WebAccounts(store: desk.hubStore, kind: .desk).list().map(\.name).sorted() == ["bold", "dulam", "saraa"])
        #expect(try OfficeRegistry(store: desk.hubStore).office("soum-9999") == nil)
    }

    @Test func anAdministrator_AddsAUser_ChangesTheRole_AndDisablesThem_EachAudited() throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let admin = desk.browser()
        let home = try admin.logIn(DeskFixture.admin.name, DeskFixture.admin.password, root: Self.root)
        #expect(home.text.contains("href=\"\(Self.root)/admin\""))
        let page = try admin.get(Self.root + "/admin")
        #expect(page.status == 200 && page.text.contains("data-user=\"dulam\""))
        let csrf = page.csrf ?? ""

        let mismatch = try admin.post(Self.root + "/admin/users", [("_csrf", csrf), ("name", "Цэцгээ"), ("role", "officer"),
                                                                   ("password", "tsetsgee-pass-1"), ("password2", "tsetsgee-pass-2")])
        #expect(mismatch.status == 422 && mismatch.text.contains("the two passwords differ"))
        let added = try admin.post(Self.root + "/admin/users", [("_csrf", csrf), ("name", "Цэцгээ"), ("role", "officer"),
                                                                ("password", "tsetsgee-pass-1"), ("password2", "tsetsgee-pass-1")])
        #expect(added.status == 303)
        #expect(try admin.follow(added).text.contains("data-user=\"Цэцгээ\""))
        let newcomer = desk.browser()
        let theirs = try newcomer.logIn("Цэцгээ", "tsetsgee-pass-1", root: Self.root)
        #expect(theirs.status == 200 && theirs.text.contains("мэргэжилтэн (officer)"))

        #expect(try admin.post(Self.root + "/admin/users/role", [("_csrf", csrf), ("name", "Цэцгээ"), ("role", "reviewer")]).status == 303)
        #expect(try WebAccounts(store: desk.hubStore, kind: .desk).role(of: "Цэцгээ") == .reviewer)
        #expect(try newcomer.get(Self.root + "/").text.contains("(reviewer)"), "their session goes on with the new role")
        #expect(try admin.post(Self.root + "/admin/users/disable", [("_csrf", csrf), ("name", "Цэцгээ")]).status == 303)
        #expect(try newcomer.get(Self.root + "/").status == 303, "a disabled user's session ends")

        // No administrator locks themselves out.
        let selfDisable = try admin.post(Self.root + "/admin/users/disable", [("_csrf", csrf), ("name", "bold")])
        #expect(selfDisable.status == 422 && selfDisable.text.contains("you cannot disable yourself"))
        let selfDemote = try admin.post(Self.root + "/admin/users/role", [("_csrf", csrf), ("name", "bold"), ("role", "reviewer")])
        #expect(selfDemote.status == 422)
        #expect(try WebAccounts(store: desk.hubStore, kind: .desk).role(of: "bold") == .admin)
        let unknown = try admin.post(Self.root + "/admin/users/disable", [("_csrf", csrf), ("name", "nobody")])
        #expect(unknown.status == 422 && unknown.text.contains("no user"))

        let audit = try AuditLog(store: desk.hubStore).entries().filter { $0.actor == "desk:bold" && $0.subject == "Цэцгээ" }.map(\.action)
        #expect(audit == ["user disable", "user role", "user add"], "\(audit)")
    }

    @Test func anAdministrator_AddsAnOffice_SeesItsTokenOnce_RotatesAndRevokesIt() throws {
        let desk = try DeskFixture()
        defer { desk.stop() }
        let admin = desk.browser()
        try admin.logIn(DeskFixture.admin.name, DeskFixture.admin.password, root: Self.root)
        let csrf = try admin.get(Self.root + "/admin").csrf ?? ""
        let bad = try admin.post(Self.root + "/admin/offices", [("_csrf", csrf), ("office", "hub-evil")])
        #expect(bad.status == 422 && bad.text.contains("names hubs"))

        let added = try admin.post(Self.root + "/admin/offices", [("_csrf", csrf), ("office", "soum-4310")])
        #expect(added.status == 200 && added.text.contains("id=\"new-token\""))
        let registry = OfficeRegistry(store: desk.hubStore)
        let token = try #require(Self.token(in: added.text))
        #expect(try registry.authenticate(token: token) == "soum-4310")
        #expect(!(try admin.get(Self.root + "/admin")).text.contains(token), "the token is shown once")

        let rotated = try admin.post(Self.root + "/admin/offices/rotate", [("_csrf", csrf), ("office", "soum-4310")])
        let newToken = try #require(Self.token(in: rotated.text))
        #expect(newToken != token)
        #expect(try registry.authenticate(token: token) == nil)
        #expect(try registry.authenticate(token: newToken) == "soum-4310")

        let unconfirmed = try admin.post(Self.root + "/admin/offices/revoke", [("_csrf", csrf), ("office", "soum-4310")])
        #expect(unconfirmed.status == 422)
        #expect(try registry.authenticate(token: newToken) == "soum-4310")
        #expect(try admin.post(Self.root + "/admin/offices/revoke", [("_csrf", csrf), ("office", "soum-4310"), ("confirm", "yes")]).status == 303)
        #expect(try registry.authenticate(token: newToken) == nil)
        let audit = try AuditLog(store: desk.hubStore).entries().filter { $0.subject == "soum-4310" }
        #expect(audit.allSatisfy { $0.actor == "desk:bold" } && audit.count == 3, "\(audit)")
    }

    private static func token(in page: String) -> String? {
        guard let start = page.range(of: "<pre>"), let end = page.range(of: "</pre>", range: start.upperBound..<page.endIndex) else { return nil }
        return String(page[start.upperBound..<end.lowerBound])
    }
}
