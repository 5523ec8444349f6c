import Foundation
import HalamjTestSupport
import HubServer
import CaseBooks
import HubClient
@testable import NodeWeb
import SyncModel
import Testing

/// The care category in the web app: asked in the care application with only the
/// categories that fit, shown on the case, and shown with the decision as its ground.
@Suite struct WebCareCategoryTests {
    static let child = "УБ15231224"

    func registered(_ client: WebClient, rd: String, name: String) throws {
        let form = try client.get("/people/new")
        _ = try client.follow(client.post("/people", [("_csrf", form.csrf!), ("rd", rd), ("name", name)]))
    }

    @Test func theWizard_OffersOnlyTheFittingCategories_AndRequiresOne() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        try registered(client, rd: Self.child, name: "Тэмүүлэн")
        let form = try client.get("/people/\(Self.child)/apply?service=care-children")
        #expect(form.text.contains("id=\"care_category-child_in_difficult_circumstances\""))
        #expect(form.text.contains("id=\"care_category-disabled_child_in_permanent_care\""))
        #expect(!form.text.contains("elderly_without_support") && !form.text.contains("triplets_under_4"))
        #expect(form.text.contains("Хүнд нөхцөлд байгаа, бүтэн өнчин"), "the source's own text")
        #expect(!form.text.contains(" checked"), "two fit: the worker chooses")

        let missing = try client.post("/people/\(Self.child)/apply", [("_csrf", form.csrf!), ("service", "care-children")])
        #expect(missing.status == 422)
        #expect(missing.text.contains("id=\"care_category-error\""))
        let unfitting = try client.post("/people/\(Self.child)/apply",
                                        [("_csrf", form.csrf!), ("service", "care-children"), ("care_category", "triplets_under_4")])
        #expect(unfitting.status == 422)
        #expect(try CaseBook(store: web.store).list().isEmpty, "nothing saved")

        let created = try client.post("/people/\(Self.child)/apply", [
            ("_csrf", form.csrf!), ("service", "care-children"), ("care_category", "child_in_difficult_circumstances"),
        ])
        #expect(created.status == 303)
        let page = try client.follow(created)
        #expect(page.text.contains("Хамрагдах иргэн"))
        #expect(page.text.contains("Хүнд нөхцөлд байгаа, бүтэн өнчин"))
        let number = try #require(try CaseBook(store: web.store).list().first?.number)
        #expect(try CaseBook(store: web.store).show(number).values[CareCategory.field] == "child_in_difficult_circumstances")
    }

    @Test func aServiceWithOneCategory_HasItChosenAlready() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        try registered(client, rd: WebCaseworkTests.elder, name: "Должин")
        let form = try client.get("/people/\(WebCaseworkTests.elder)/apply?service=care-elderly")
        #expect(form.text.contains("id=\"care_category-elderly_without_support\" name=\"care_category\" value=\"elderly_without_support\" checked"))
    }

    @Test func aCareCaseWithoutACategory_IsNotSubmitted_WithAClearMessage() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let book = CaseBook(store: web.store)
        let opened = try book.open(service: .careElderly, registerNumber: try RegisterNumber.parse(WebCaseworkTests.elder),
                                   name: "Должин", now: web.nowMillis)
        _ = try book.markDocuments(opened.number, received: Set(Checklists.documents(for: .careElderly, stage: .soum).map(\.id)), now: web.nowMillis)
        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/\(opened.number)")
        let refused = try client.post("/cases/\(opened.number)/submit", [("_csrf", page.csrf!)])
        #expect(refused.status == 422)
        #expect(refused.text.contains("Хамрагдах иргэний ангилал сонгоогүй тул илгээх боломжгүй"))
        #expect(try book.show(opened.number).status == "draft")
    }

    @Test func theDecision_ShowsItsLegalGround() async throws {
        let web = try WebFixture()
        let hub = try HubBeside(web)
        defer { web.stop(); hub.stop() }
        let book = CaseBook(store: web.store)
        let opened = try book.open(service: .careDisabled, registerNumber: try RegisterNumber.parse("УБ80010112"), name: "Оюун",
                                   fields: [CareCategory.field: "disabled_without_support"], now: web.nowMillis)
        _ = try book.markDocuments(opened.number, received: Set(Checklists.documents(for: .careDisabled, stage: .soum).map(\.id)), now: web.nowMillis)
        _ = try book.submit(opened.number, now: web.nowMillis)
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()
        _ = try CaseBook(store: hub.store).decide(opened.number, approve: true, decree: "А/55", date: CivilDate(iso: "2026-11-26")!,
                                                  amount: nil, reason: nil, received: ["official_letter"])
        _ = try await SyncClient(store: web.store, upstream: try web.store.upstream()!).syncRound()

        let client = WebClient(port: web.port)
        try client.logIn()
        let page = try client.get("/cases/\(opened.number)")
        let decision = try #require(page.text.range(of: "id=\"decision\"").map { String(page.text[$0.lowerBound...]) })
        #expect(decision.contains("id=\"decision-care-category\""))
        #expect(decision.contains("Хууль зүйн үндэслэл"))
        #expect(decision.contains("Мэргэжлийн үйлчилгээ, тусгай нөхцөл шаардагдсан болон тэжээн тэтгэх хүүхэдгүй"))
    }

    @Test func amountsAreMarkedNotConfirmed_AndCareForTripletsShowsNoCash() throws {
        let web = try WebFixture()
        defer { web.stop() }
        let client = WebClient(port: web.port)
        try client.logIn()
        let pension = try client.get("/check?service=welfare-pension&rd=УБ50031224")
        #expect(pension.text.contains("325,000 ₮") && pension.text.contains("батлагдаагүй дүн (amount not confirmed)"))
        let triplets = try client.get("/check?service=care-triplets&rd=УБ90031224&child_birth_dates=2025-03-01,2025-03-01,2025-03-01")
        #expect(triplets.text.contains("Мөнгөн дүнгүй үйлчилгээ"))
        #expect(!triplets.text.contains("₮"))
        // The cash for triplets is the twins allowance's rate for three or more born together.
        let cash = try client.get("/check?service=twins-allowance&rd=УБ90031224&child_birth_dates=2025-03-01,2025-03-01,2025-03-01")
        #expect(cash.text.contains("3,000,000 ₮") && cash.text.contains("per child"))
    }
}
