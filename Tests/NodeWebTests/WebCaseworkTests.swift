import Foundation
import HalamjTestSupport
import CaseBooks
import LocalNode
@testable import NodeWeb
import SyncModel
import Testing
import WebAccess

/// The social worker's path through plain HTTP forms (the browser tests drive the same
/// pages through Chromium): register, apply, documents, submit, overdue, access log.
@Suite struct WebCaseworkTests {
    /// A woman born 1950-03-12: old enough for elderly care.
    static let elder = "УБ50031224"

    func registered(_ client: WebClient, rd: String = elder, name: String = "Должин Батын") throws -> WebClient.Page {
        let form = try client.get("/people/new")
        return try client.follow(client.post("/people", [("_csrf", form.csrf!), ("rd", rd), ("name", name), ("phone", "99112233")]))
    }

    @Test func badRegisterNumber_IsShownAtItsField_WithEverythingKept_AndNothingSaved() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        let form = try client.get("/people/new")
        let bad = try client.post("/people", [("_csrf", form.csrf!), ("rd", "УБ50133224"), ("name", "Должин Батын"), ("phone", "99112233")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("id=\"rd-error\""))
        #expect(bad.text.contains("төрсөн огноо буруу"))
        #expect(bad.text.contains("value=\"УБ50133224\""))
        #expect(bad.text.contains("value=\"Должин Батын\""))
        #expect(bad.text.contains("value=\"99112233\""))
        #expect(try PersonBook(store: web.store).list().isEmpty)
        let latin = try client.post("/people", [("_csrf", form.csrf!), ("rd", "UB50031224"), ("name", "Должин")])
        #expect(latin.status == 422 && latin.text.contains("Латин"))
        // Born in 2030 by its digits: was accepted, and the applicant shown as "-4 настай".
        let unborn = try client.post("/people", [("_csrf", form.csrf!), ("rd", "УБ30230312"), ("name", "Ирээдүй")])
        #expect(unborn.status == 422 && unborn.text.contains("төрсөн огноо ирээдүйд байна"))
        #expect(try PersonBook(store: web.store).list().isEmpty)

        let good = try registered(client)
        #expect(good.status == 200)
        #expect(good.text.contains("Должин Батын") && good.text.contains("1950-03-12"))
        let again = try client.post("/people", [("_csrf", form.csrf!), ("rd", Self.elder), ("name", "Өөр хүн")])
        #expect(again.status == 409)
        #expect(try PersonBook(store: web.store).list().count == 1)
    }

    @Test func search_FindsByRegisterNumberOrName_InMongolianOrder() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        _ = try registered(client, rd: "УБ50031224", name: "Өлзий")
        _ = try registered(client, rd: "УБ80010112", name: "Оюун")
        _ = try registered(client, rd: "УБ95012421", name: "Үүрийнтуяа")
        let all = try client.get("/")
        let o = try #require(all.text.range(of: "Оюун")), ö = try #require(all.text.range(of: "Өлзий")), ü = try #require(all.text.range(of: "Үүрийнтуяа"))
        #expect(o.lowerBound < ö.lowerBound && ö.lowerBound < ü.lowerBound)  // О before Ө, Ө before Ү
        let byName = try client.get("/?q=оюу")
        #expect(byName.text.contains("Оюун") && !byName.text.contains("Өлзий"))
        let byNumber = try client.get("/?q=уб9501")
        #expect(byNumber.text.contains("Үүрийнтуяа") && !byNumber.text.contains("Оюун"))
    }

    @Test func applicantKnownOnlyFromACase_IsFoundAndShown() throws {
        let web = try WebFixture()
        defer { web.stop() }
        // `case new --rd … --name …` on the command line registers no person record.
        let view = try CaseBook(store: web.store).open(service: .welfarePension, registerNumber: RegisterNumber.parse("ЧД58010345"), name: "Сараа Нямаа")
        let client = WebClient(port: web.port)
        try client.logIn()
        let found = try client.get("/?q=ЧД58")
        #expect(found.text.contains("Сараа Нямаа") && found.text.contains("1958-01-03"))
        let page = try client.get("/people/ЧД58010345")
        #expect(page.status == 200)
        #expect(page.text.contains(view.number) && page.text.contains("known from applications only"))
        #expect(try client.get("/people/ЧД58010345/apply?service=welfare-pension").status == 200)
        #expect(try client.get("/people/УБ80010112").status == 404)
    }

    @Test func careApplication_ChecklistAndSubmit_AndEveryViewIsLogged() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        _ = try registered(client)
        let wizard = try client.get("/people/\(Self.elder)/apply?service=care-elderly")
        #expect(wizard.status == 200)
        #expect(wizard.text.contains("Шаардлага хангаж байна"))
        let created = try client.post("/people/\(Self.elder)/apply", [("_csrf", wizard.csrf!), ("service", "care-elderly"), ("rd", Self.elder),
                                                                       ("care_category", "elderly_without_support")])
        #expect(created.status == 303)
        let number = try #require(created.location?.split(separator: "/").last.map(String.init))
        #expect(number.hasPrefix("4305-2026-"))

        // The soum's twelve: the decree and the agency's letter come from the district.
        let documents = Checklists.documents(for: .careElderly, stage: .soum)
        #expect(documents.count == 12)
        var page = try client.follow(created)
        #expect(page.text.contains("id=\"district-documents\""))
        #expect(!page.text.contains("id=\"doc-governor_decree\""), "no box for the district's papers")
        let forged = try client.post("/cases/\(number)/checklist", [("_csrf", page.csrf!), ("doc", "governor_decree")])
        #expect(forged.status == 422, "a ticked decree posted by hand is refused")
        let eleven = documents.dropLast().map { ("doc", $0.id) }
        page = try client.follow(client.post("/cases/\(number)/checklist", [("_csrf", page.csrf!)] + eleven))
        #expect(page.text.contains("<span id=\"received-count\">11</span>"))
        // The soum sends to the aimag or district (it was labelled as going to a soum).
        #expect(page.text.contains("Аймаг, дүүрэгт илгээх (submit to the aimag or district)"))
        let refused = try client.post("/cases/\(number)/submit", [("_csrf", page.csrf!)])
        #expect(refused.status == 422)
        #expect(refused.text.contains(documents.last!.mongolian))
        #expect(try CaseBook(store: web.store).show(number).status == "draft")

        page = try client.follow(client.post("/cases/\(number)/checklist", [("_csrf", page.csrf!)] + documents.map { ("doc", $0.id) }))
        let submitted = try client.follow(client.post("/cases/\(number)/submit", [("_csrf", page.csrf!)]))
        #expect(submitted.text.contains("Илгээсэн (submitted)"))
        #expect(try CaseBook(store: web.store).show(number).status == "submitted")
        // The edits are the store's own writes: waiting to be sent like CLI edits.
        #expect(try web.store.status().pendingCount >= 2)

        // Every showing of this case file is one entry: after the wizard, the refused
        // decree tick, each of the two checklist saves, the refused submit, and the submit.
        let views = try AccessLog(store: web.store).entries(subject: number).filter { $0.action == AccessLog.Action.viewCareCase }
        #expect(views.count == 6)
        #expect(views.allSatisfy { $0.user == WebFixture.user })
        // List pages do not show a care case's details, and so add no entry.
        _ = try client.get("/people/\(Self.elder)")
        _ = try client.get("/decisions")
        #expect(try AccessLog(store: web.store).entries(subject: number).count == 6)
        let log = try client.get("/access-log")
        #expect(log.text.contains(number) && log.text.contains("Асрамжийн хэрэг үзсэн"))
    }

    @Test func wizard_ShowsOnlyTheServicesFields_ChecksThem_AndKeepsValues() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        _ = try registered(client, rd: "УБ80010112", name: "Оюун")
        let form = try client.get("/people/УБ80010112/apply?service=care-disabled")
        #expect(form.text.contains("name=\"work_capacity_loss\""))
        #expect(!form.text.contains("name=\"pregnancy_month\""))
        #expect(form.text.contains("Шаардлага хангахгүй"))  // no disability entered yet
        let bad = try client.post("/people/УБ80010112/apply", [("_csrf", form.csrf!), ("service", "care-disabled"), ("work_capacity_loss", "170")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("id=\"work_capacity_loss-error\"") && bad.text.contains("value=\"170\""))
        #expect(try CaseBook(store: web.store).list().isEmpty)
        let check = try client.get("/check?service=care-disabled&rd=УБ80010112&work_capacity_loss=70")
        #expect(check.status == 200)
        #expect(check.text.contains("\"eligible\":true"))
        let pension = try client.get("/check?service=welfare-pension&rd=УБ80010112")
        #expect(pension.text.contains("\"eligible\":false"))
        #expect(pension.text.contains("325,000 ₮"))
    }

    @Test func submittedCase_IsOverdueAfter30Days() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let book = CaseBook(store: web.store)
        let view = try book.open(service: .elderlyAgeGift, registerNumber: RegisterNumber.parse(Self.elder), name: "Должин",
                                 now: web.nowMillis)
        for document in Checklists.documents(for: .elderlyAgeGift) {
            _ = try book.markDocument(view.number, document.id, received: true, now: web.nowMillis)
        }
        _ = try book.submit(view.number, now: web.nowMillis)
        let client = WebClient(port: web.port)
        try client.logIn()
        #expect(!(try client.get("/overdue").text.contains(view.number)))
        web.advance(days: 31)
        // A month later the session has long expired (8 hours idle): log in again.
        #expect(try client.get("/overdue").status == 303)
        try client.logIn()
        let late = try client.get("/overdue")
        #expect(late.text.contains(view.number))
        #expect(late.text.contains("Шийдвэр гараагүй"))
    }
}

/// Issue 13, attack 4: a copy of a case holding writes of this office beyond its own
/// counter (forged with the office's token, stored before pulls were checked) used to
/// kill `halamj-node serve` on the checklist form, logging every worker out.
@Suite struct WebForgedCopyTests {
    @Test func aForgedCopy_IsAnErrorOnItsPage_AndTheAppKeepsServing() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let office = ReplicaID(web.store.office!)!
        let number = "\(CaseNumber.officeCode(of: office.rawValue))-2026-000042"
        var forged = Record(collection: CaseFields.collection, id: number, office: office.rawValue)
        forged.write(["service": "care-elderly", "status": "draft", "name": "Хуурамч", "rd": WebCaseworkTests.elder],
                     dot: Dot(replica: office, counter: 900), hlc: HLCTimestamp(wallMillis: 1, logical: 0, replica: office))
        try web.store.transaction { tx in _ = try tx.merge(forged, held: nil, from: .upstream, now: 1) }
        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/\(number)")
        #expect(page.status == 200)
        let saved = try client.post("/cases/\(number)/checklist", [("_csrf", page.csrf!), ("doc", Checklists.documents(for: .careElderly)[0].id)])
        #expect(saved.status == 409)
        #expect(saved.text.contains("damaged"))
        #expect(try client.get("/").status == 200, "the app still serves")
    }
}
